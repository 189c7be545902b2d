package org.pyros.bridge;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.Registration;

/**
 * Forwards one service: resolves its type on both sides, plans the translation of the request
 * (target side to source side) and of the response (back), and serves it on the target side. A
 * call is translated and passed to the source side's server on the target system's thread, with
 * no actor mailbox in between; its answer (or failure) goes back to the caller. A type that is
 * missing or cannot be mapped is reported to the bridge and the actor stops; a failing system
 * throws, for the bridge's supervision to start it again with backoff.
 */
final class ServiceForwardActor {
  private ServiceForwardActor() {}

  sealed interface Command {}

  private record Resolved(long generation, ServiceType source, ServiceType target, Throwable failure) implements Command {}

  private record Served(long generation, Plan plan, Registration registration, Throwable failure) implements Command {}

  /** What the actor needs; one per forwarded service and direction. */
  record Setup(Direction direction, ServiceInfo sourceService, BridgeSide source, BridgeSide target, Translations translations,
      ForwardCounters counters, BridgeSettings settings, ActorRef<Bridge.Command> bridge) {}

  static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(ctx -> new Forwarder(ctx, setup, System.nanoTime()).start());
  }

  private record Forwarder(ActorContext<Command> ctx, Setup s, long generation) {

    Behavior<Command> start() {
      String targetType;
      try {
        targetType = s.direction().targetServiceTypeName(s.sourceService().type());
      } catch (IllegalArgumentException e) {
        return failed(e.getMessage());
      }
      CompletionStage<ServiceType> source = s.source().system().serviceType(s.sourceService().type());
      CompletionStage<ServiceType> target = s.target().system().serviceType(targetType);
      ctx.pipeToSelf(source.thenCombine(target, (a, b) -> new ServiceType[] {a, b}),
          (types, error) -> types == null ? new Resolved(generation, null, null, error) : new Resolved(generation, types[0], types[1], null));
      return Behaviors.receive(Command.class)
          .onMessage(Resolved.class, m -> m.generation() == generation, this::resolved)
          .onMessage(Served.class, m -> m.generation() == generation, this::served)
          .onMessage(Served.class, m -> stale(m.registration()))
          .onMessage(Resolved.class, m -> Behaviors.same())
          .build();
    }

    private Behavior<Command> resolved(Resolved m) {
      if (m.failure() != null) {
        PyrosException e = PyrosException.of(ForwardActor.unwrap(m.failure()), ErrorCode.UNKNOWN_TYPE);
        if (e.code() == ErrorCode.UNKNOWN_TYPE) {
          return failed("type missing: " + e.getMessage());
        }
        throw e;
      }
      Plan plan;
      try {
        plan = new Plan(s.translations().ofServicePart(m.target().request(), m.source().request(), s.direction().reverse()),
            s.translations().ofServicePart(m.source().response(), m.target().response(), s.direction()));
      } catch (UnmappableTypeException e) {
        return failed(e.getMessage());
      }
      Relay relay = new Relay(s, plan, ctx.getLog());
      ctx.pipeToSelf(s.target().system().serve(new ServiceInfo(s.sourceService().name(), m.target().name()), relay::call),
          (r, error) -> new Served(generation, plan, r, error));
      return Behaviors.same();
    }

    private Behavior<Command> served(Served m) {
      if (m.failure() != null) {
        throw PyrosException.of(ForwardActor.unwrap(m.failure()), ErrorCode.SYSTEM_FAILURE);
      }
      ctx.getLog().info("Forwarding service {} {} ({})", s.direction(), s.sourceService().name(), s.sourceService().type());
      s.bridge().tell(new Bridge.ForwardStarted(ForwardStatus.Kind.SERVICE, s.direction(), s.sourceService().name(), ctx.getSelf()));
      Registration registration = m.registration();
      return Behaviors.receive(Command.class)
          .onMessage(Served.class, x -> stale(x.registration()))
          .onSignal(PreRestart.class, sig -> stale(registration))
          .onSignal(PostStop.class, sig -> stale(registration))
          .build();
    }

    private Behavior<Command> failed(String why) {
      ctx.getLog().error("Not forwarding service {} {} ({}): {}", s.direction(), s.sourceService().name(), s.sourceService().type(), why);
      s.bridge().tell(new Bridge.ForwardFailed(ForwardStatus.Kind.SERVICE, s.direction(), s.sourceService().name(),
          s.sourceService().type(), why, ctx.getSelf()));
      return Behaviors.stopped();
    }

    private Behavior<Command> stale(Registration r) {
      if (r != null) {
        r.cancel();
      }
      return Behaviors.same();
    }
  }

  /** The two translations of a forwarded service. */
  private record Plan(Translation request, Translation response) {}

  /** The per-call path, run on the target system's thread. */
  private record Relay(Setup s, Plan plan, org.slf4j.Logger log) {
    CompletionStage<Message> call(Message request) {
      Message forwarded;
      try {
        forwarded = plan.request().translate(request);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(dropped(new PyrosException(ErrorCode.BAD_MESSAGE,
            "the request to " + s.sourceService().name() + " cannot be forwarded: " + e.getMessage())));
      }
      return s.source().system().call(s.sourceService(), forwarded, s.settings().services().callTimeout())
          .thenApply(plan.response()::translate)
          .whenComplete((response, error) -> {
            if (error == null) {
              s.counters().forwarded.incrementAndGet();
            } else {
              dropped(ForwardActor.unwrap(error));
            }
          });
    }

    private Throwable dropped(Throwable error) {
      long n = s.counters().dropped.incrementAndGet();
      String why = error.getMessage() == null ? error.toString() : error.getMessage();
      s.counters().lastDrop.set(why);
      // The first failure and then every thousandth: a caller that keeps failing must not flood the log.
      if (n == 1 || n % 1000 == 0) {
        log.warn("A call of service {} {} failed ({} so far): {}", s.direction(), s.sourceService().name(), n, why);
      }
      return error;
    }
  }
}
