package org.pyros.bridge;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;

/**
 * Forwards one topic one way: resolves the type on both sides, plans its translation, publishes
 * on the target side and subscribes on the source side. Messages go from the source system's
 * bounded delivery queue through the translation to the target's publisher, on the delivery
 * thread: no actor mailbox in between. A type that is missing or cannot be mapped is reported to
 * the bridge and the actor stops; a failing system throws, for the bridge's supervision to start
 * it again with backoff.
 */
final class ForwardActor {
  private ForwardActor() {}

  sealed interface Command {}

  private record Resolved(long generation, MessageType source, MessageType target, Throwable failure) implements Command {}

  private record Advertised(long generation, Translation translation, TopicPublisher publisher, Throwable failure) implements Command {}

  private record Subscribed(long generation, Registration subscription, Throwable failure) implements Command {}

  /** What the actor needs; one per forwarded topic and direction. */
  record Setup(Direction direction, TopicInfo sourceTopic, BridgeSide source, BridgeSide target, Translations translations,
      EchoFilter echoes, ForwardCounters counters, BridgeSettings settings, ActorRef<Bridge.Command> bridge) {}

  static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(ctx -> new Forwarder(ctx, setup, System.nanoTime()).start());
  }

  private record Forwarder(ActorContext<Command> ctx, Setup s, long generation) {

    Behavior<Command> start() {
      String targetType;
      try {
        targetType = s.direction().targetTypeName(s.sourceTopic().type());
      } catch (IllegalArgumentException e) {
        return failed(e.getMessage());
      }
      CompletionStage<MessageType> source = s.source().system().messageType(s.sourceTopic().type());
      CompletionStage<MessageType> target = s.target().system().messageType(targetType);
      ctx.pipeToSelf(source.thenCombine(target, (a, b) -> new MessageType[] {a, b}),
          (types, error) -> types == null ? new Resolved(generation, null, null, error) : new Resolved(generation, types[0], types[1], null));
      return Behaviors.receive(Command.class)
          .onMessage(Resolved.class, m -> m.generation() == generation, this::resolved)
          .onMessage(Advertised.class, m -> m.generation() == generation, this::advertised)
          .onMessage(Subscribed.class, m -> m.generation() == generation, this::subscribed)
          .onMessage(Advertised.class, m -> stale(m.publisher()))
          .onMessage(Subscribed.class, m -> stale(m.subscription()))
          .onMessage(Resolved.class, m -> Behaviors.same())
          .build();
    }

    private Behavior<Command> resolved(Resolved m) {
      if (m.failure() != null) {
        PyrosException e = PyrosException.of(unwrap(m.failure()), ErrorCode.UNKNOWN_TYPE);
        if (e.code() == ErrorCode.UNKNOWN_TYPE) {
          return failed("type missing: " + e.getMessage());
        }
        throw e;
      }
      Translation translation;
      try {
        translation = s.translations().of(m.source(), m.target(), s.direction());
      } catch (UnmappableTypeException e) {
        return failed(e.getMessage());
      }
      PublishOptions options = new PublishOptions(false, s.settings().queueSize());
      if (s.direction() == Direction.ROS1_TO_ROS2) {
        options = options.withQosProfile(s.settings().qosProfile(s.sourceTopic().name()));
      }
      ctx.pipeToSelf(s.target().system().advertise(new TopicInfo(s.sourceTopic().name(), m.target().name()), options),
          (p, error) -> new Advertised(generation, translation, p, error));
      return Behaviors.same();
    }

    private Behavior<Command> advertised(Advertised m) {
      if (m.failure() != null) {
        throw PyrosException.of(unwrap(m.failure()), ErrorCode.SYSTEM_FAILURE);
      }
      Flow flow = new Flow(s, m.translation(), m.publisher(), ctx.getLog());
      ctx.pipeToSelf(s.source().system().subscribe(s.sourceTopic(), s.settings().queueSize(), flow::accept),
          (r, error) -> new Subscribed(generation, r, error));
      return Behaviors.receive(Command.class)
          .onMessage(Subscribed.class, x -> x.generation() == generation, x -> subscribed(x, m.publisher()))
          .onMessage(Advertised.class, x -> stale(x.publisher()))
          .onMessage(Subscribed.class, x -> stale(x.subscription()))
          .onSignal(PreRestart.class, sig -> cancel(m.publisher(), null))
          .onSignal(PostStop.class, sig -> cancel(m.publisher(), null))
          .build();
    }

    private Behavior<Command> subscribed(Subscribed m) {
      return Behaviors.same();
    }

    private Behavior<Command> subscribed(Subscribed m, TopicPublisher publisher) {
      if (m.failure() != null) {
        publisher.cancel();
        throw PyrosException.of(unwrap(m.failure()), ErrorCode.SYSTEM_FAILURE);
      }
      ctx.getLog().info("Forwarding {} {} ({})", s.direction(), s.sourceTopic().name(), s.sourceTopic().type());
      s.bridge().tell(new Bridge.ForwardStarted(ForwardStatus.Kind.TOPIC, s.direction(), s.sourceTopic().name(), ctx.getSelf()));
      Registration subscription = m.subscription();
      return Behaviors.receive(Command.class)
          .onMessage(Advertised.class, x -> stale(x.publisher()))
          .onMessage(Subscribed.class, x -> stale(x.subscription()))
          .onSignal(PreRestart.class, sig -> cancel(publisher, subscription))
          .onSignal(PostStop.class, sig -> cancel(publisher, subscription))
          .build();
    }

    private Behavior<Command> failed(String why) {
      ctx.getLog().error("Not forwarding {} {} ({}): {}", s.direction(), s.sourceTopic().name(), s.sourceTopic().type(), why);
      s.bridge().tell(new Bridge.ForwardFailed(ForwardStatus.Kind.TOPIC, s.direction(), s.sourceTopic().name(), s.sourceTopic().type(),
          why, ctx.getSelf()));
      return Behaviors.stopped();
    }

    private Behavior<Command> stale(Registration r) {
      if (r != null) {
        r.cancel();
      }
      return Behaviors.same();
    }

    private Behavior<Command> cancel(Registration publisher, Registration subscription) {
      // Subscription first: no message should reach a cancelled publisher.
      if (subscription != null) {
        subscription.cancel();
      }
      publisher.cancel();
      return Behaviors.same();
    }

  }

  /** The failure inside a stage's CompletionException (both forwarders' stages fail with one). */
  static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** The per-message path, run on the source system's delivery thread. */
  private record Flow(Setup s, Translation translation, TopicPublisher publisher, org.slf4j.Logger log) {
    void accept(Message message) {
      try {
        boolean toRos2 = s.direction() == Direction.ROS1_TO_ROS2;
        if (!toRos2 && s.echoes().isEcho(message)) {
          s.counters().echoes.incrementAndGet();
          return;
        }
        Message out = translation.translate(message);
        if (toRos2 && s.echoes().isEcho(out)) {
          s.counters().echoes.incrementAndGet();
          return;
        }
        s.echoes().sending(toRos2 ? out : message);
        publisher.publish(out);
        s.counters().forwarded.incrementAndGet();
      } catch (RuntimeException e) {
        long n = s.counters().dropped.incrementAndGet();
        String why = e.getMessage();
        s.counters().lastDrop.set(why == null ? e.toString() : why);
        // The first drop and then every thousandth: a stream of bad messages must not flood the log.
        if (n == 1 || n % 1000 == 0) {
          log.warn("Dropped a message of {} {} ({} so far): {}", s.direction(), s.sourceTopic().name(), n, why);
        }
      }
    }
  }
}
