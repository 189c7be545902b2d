package org.pyros.core.node;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.Registration;

/**
 * The child actor of one watch of a parameter ({@link PyrosNode.WatchParam}): holds the system's
 * watch and forwards each value to the watcher, until it is stopped or the watcher stops. A
 * watcher of this JVM with {@code capacity} messages waiting gets no more until it catches up;
 * meanwhile only the newest value is kept, and handed on then, so the watcher ends with the
 * parameter's current value.
 */
final class ParamWatchActor {
  private ParamWatchActor() {}

  sealed interface Command {}

  record Stop() implements Command {}

  private record Watching(Throwable failure) implements Command {}

  private record Changed(Optional<Object> value) implements Command {}

  private record WatcherGone() implements Command {}

  /** Time to look again whether a watcher that was behind has room for the held value. */
  private record Retry() implements Command {}

  /** How often a held value is offered again. */
  private static final java.time.Duration RETRY = java.time.Duration.ofMillis(20);

  static Behavior<Command> create(String name, ActorRef<ParamValue> watcher, ActorRef<Reply<Done>> replyTo, GraphSystem system,
      int capacity) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ActorRef<Command> self = ctx.getSelf();
      ctx.watchWith(watcher, new WatcherGone());
      CompletionStage<Registration> watch = system.watchParam(name, value -> self.tell(new Changed(value)));
      ctx.pipeToSelf(watch, (registration, failure) -> new Watching(failure));
      Delivery delivery = new Delivery(name, watcher, capacity, timers);
      return watching(name, watcher, replyTo, watch, false, delivery, null);
    }));
  }

  /** Hands values to the watcher while its mailbox has room. */
  private record Delivery(String name, ActorRef<ParamValue> watcher, int capacity,
      org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers) {

    /** Sends {@code value} now, or returns it to be held (and offered again shortly). */
    ParamValue offer(ParamValue value) {
      if (SubscriberMailbox.isFull(watcher, capacity)) {
        timers.startSingleTimer(new Retry(), RETRY);
        return value;
      }
      watcher.tell(value);
      return null;
    }
  }

  /**
   * {@code started}: the system's watch is in place and {@code replyTo} was answered; {@code held}:
   * the newest value, not sent yet because the watcher is behind (null when none).
   */
  private static Behavior<Command> watching(String name, ActorRef<ParamValue> watcher, ActorRef<Reply<Done>> replyTo,
      CompletionStage<Registration> watch, boolean started, Delivery delivery, ParamValue held) {
    return Behaviors.receive(Command.class)
        .onMessage(Watching.class, w -> {
          if (w.failure() != null) {
            replyTo.tell(Reply.failed(PyrosException.of(w.failure(), ErrorCode.SYSTEM_FAILURE)));
            return Behaviors.stopped();
          }
          replyTo.tell(Reply.ok(Done.getInstance()));
          return watching(name, watcher, replyTo, watch, true, delivery, held);
        })
        .onMessage(Changed.class, c ->
            watching(name, watcher, replyTo, watch, started, delivery, delivery.offer(new ParamValue(name, c.value().orElse(null)))))
        .onMessage(Retry.class, r -> held == null ? Behaviors.same()
            : watching(name, watcher, replyTo, watch, started, delivery, delivery.offer(held)))
        .onMessage(Stop.class, s -> ended(replyTo, started, "the watch of param " + name + " was stopped before it started"))
        .onMessage(WatcherGone.class, g -> ended(replyTo, started, "the watcher of param " + name + " stopped"))
        // Whenever the system's watch is in place (now or later), it ends with this actor.
        .onSignal(PostStop.class, sig -> {
          watch.thenAccept(Registration::cancel);
          return Behaviors.same();
        })
        .build();
  }

  private static Behavior<Command> ended(ActorRef<Reply<Done>> replyTo, boolean started, String why) {
    if (!started) {
      replyTo.tell(Reply.failed(ErrorCode.UNAVAILABLE, why));
    }
    return Behaviors.stopped();
  }
}
