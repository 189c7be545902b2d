package org.pyros.core.node;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.pyros.core.client.DirectAsk;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.metrics.ServiceMeters;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.Registration;

/**
 * The child actor of one service: calls it for applications, and, when an application provides
 * the service ({@link PyrosNode.ProvideService}), keeps it served in the system.
 */
final class ServiceActor {
  private ServiceActor() {}

  sealed interface Command {}

  record Call(Message request, Duration timeout, ActorRef<Reply<Message>> replyTo) implements Command {}

  record Describe(ActorRef<Reply<ServiceType>> replyTo) implements Command {}

  record Provide(ActorRef<ServiceRequest> handler, ActorRef<Reply<Done>> replyTo) implements Command {}

  record Withdraw(ActorRef<ServiceRequest> handler) implements Command {}

  record Stop(String reason) implements Command {}

  private record Served(ActorRef<ServiceRequest> handler, Registration registration, Throwable failure, ActorRef<Reply<Done>> replyTo)
      implements Command {}

  /** {@code inFlight}: the calls and descriptions the node admitted for this service; each is marked answered here. */
  static Behavior<Command> create(ServiceInfo service, GraphSystem system, NodeSettings settings, ActorRef<NodeBehavior.Internal> node,
      InFlight inFlight, ServiceMeters meters) {
    return Behaviors.setup(
        ctx -> {
          node.tell(new NodeBehavior.ServiceChildStarted(service.name(), ctx.getSelf()));
          return new Running(ctx, service, system, settings, inFlight, meters).serving(null, null);
        });
  }

  private record Running(ActorContext<Command> ctx, ServiceInfo service, GraphSystem system, NodeSettings settings, InFlight inFlight,
      ServiceMeters meters) {

    /** {@code handler} and {@code registration} are null while no application provides the service. */
    Behavior<Command> serving(ActorRef<ServiceRequest> handler, Registration registration) {
      return Behaviors.receive(Command.class)
          .onMessage(Call.class, this::call)
          .onMessage(
              Describe.class,
              d -> {
                reply(answered(currentType().thenCompose(system::serviceType)), d.replyTo(), ErrorCode.UNKNOWN_TYPE);
                return Behaviors.same();
              })
          .onMessage(
              Provide.class,
              p -> {
                if (p.handler().equals(handler)) {
                  // The node sends Provide again when this child starts (for restarts); serving the same
                  // handler twice would race two registrations of one name against each other.
                  p.replyTo().tell(Reply.ok(Done.getInstance()));
                  return Behaviors.same();
                }
                cancel(registration);
                ctx.pipeToSelf(system.serve(service, request -> ask(p.handler(), request)),
                    (reg, failure) -> new Served(p.handler(), reg, failure, p.replyTo()));
                return serving(p.handler(), null);
              })
          .onMessage(
              Served.class,
              s -> {
                if (s.failure() != null) {
                  s.replyTo().tell(Reply.failed(PyrosException.of(s.failure(), ErrorCode.SYSTEM_FAILURE)));
                  return serving(null, null);
                }
                if (!s.handler().equals(handler)) {
                  s.registration().cancel(); // a newer Provide replaced this one meanwhile
                  s.replyTo().tell(Reply.failed(ErrorCode.UNAVAILABLE, "service " + service.name() + " was provided again meanwhile"));
                  return Behaviors.same();
                }
                s.replyTo().tell(Reply.ok(Done.getInstance()));
                return serving(handler, s.registration());
              })
          .onMessage(
              Withdraw.class,
              w -> {
                if (!w.handler().equals(handler)) {
                  return Behaviors.same();
                }
                cancel(registration);
                return serving(null, null);
              })
          .onMessage(Stop.class, s -> Behaviors.stopped())
          .onSignal(PreRestart.class, sig -> cancel(registration))
          .onSignal(PostStop.class, sig -> cancel(registration))
          .build();
    }

    /**
     * The service's type name. A backend may learn it only after the service appeared (ROS1
     * probes the server), so an unknown type is looked up again in the current graph.
     */
    private CompletionStage<String> currentType() {
      if (!service.type().isEmpty()) {
        return java.util.concurrent.CompletableFuture.completedFuture(service.type());
      }
      return system.snapshot().thenApply(graph -> {
        ServiceInfo now = graph.services().get(service.name());
        if (now == null || now.type().isEmpty()) {
          // A state that passes (the system has not probed the server yet): worth a retry.
          throw new PyrosException(ErrorCode.UNAVAILABLE, "the type of service " + service.name() + " is not known yet");
        }
        return now.type();
      });
    }

    private Behavior<Command> call(Call c) {
      Duration timeout = c.timeout() != null ? c.timeout() : settings.serviceTimeout();
      long start = System.nanoTime();
      CompletionStage<Message> answer = system.call(service, c.request(), timeout)
          // The system enforces the timeout; this guards against one that does not.
          .toCompletableFuture()
          .orTimeout(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
      answer.whenComplete((response, failure) -> meters.called(System.nanoTime() - start,
          failure == null ? null : PyrosException.of(failure, ErrorCode.SERVICE_FAILED).code()));
      reply(answered(answer), c.replyTo(), ErrorCode.SERVICE_FAILED);
      return Behaviors.same();
    }

    /**
     * The stage, counted answered as it completes (before the caller hears, so a caller with its
     * answer sees the count down). The call's timeout above makes every admitted call complete.
     */
    private <T> CompletionStage<T> answered(CompletionStage<T> stage) {
      return stage.whenComplete((value, failure) -> inFlight.answered());
    }

    private CompletionStage<Message> ask(ActorRef<ServiceRequest> handler, Message request) {
      return DirectAsk.<ServiceRequest, Reply<Message>>ask(
              handler, replyTo -> new ServiceRequest(service.name(), request, replyTo), settings.serviceTimeout(), ctx.getSystem().scheduler())
          .thenApply(Reply::getOrThrow);
    }

    private Behavior<Command> cancel(Registration registration) {
      if (registration != null) {
        registration.cancel();
      }
      return Behaviors.same();
    }
  }

  /** Completes {@code replyTo} from a stage; failures keep their code or get {@code fallback}. */
  static <T> void reply(CompletionStage<T> stage, ActorRef<Reply<T>> replyTo, ErrorCode fallback) {
    stage.whenComplete(
        (value, failure) -> replyTo.tell(failure == null ? Reply.ok(value) : Reply.failed(PyrosException.of(failure, fallback))));
  }
}
