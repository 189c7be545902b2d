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
 * watch and forwards each value to the watcher, until it is stopped or the watcher stops.
 */
final class ParamWatchActor {
  private ParamWatchActor() {}

  sealed interface Command {}

  record Stop() implements Command {}

  private record Watching(Throwable failure) implements Command {}

  private record Changed(Optional<Object> value) implements Command {}

  private record WatcherGone() implements Command {}

  static Behavior<Command> create(String name, ActorRef<ParamValue> watcher, ActorRef<Reply<Done>> replyTo, GraphSystem system) {
    return Behaviors.setup(ctx -> {
      ActorRef<Command> self = ctx.getSelf();
      ctx.watchWith(watcher, new WatcherGone());
      CompletionStage<Registration> watch = system.watchParam(name, value -> self.tell(new Changed(value)));
      ctx.pipeToSelf(watch, (registration, failure) -> new Watching(failure));
      return watching(name, watcher, replyTo, watch, false);
    });
  }

  /** {@code started}: the system's watch is in place and {@code replyTo} was answered. */
  private static Behavior<Command> watching(String name, ActorRef<ParamValue> watcher, ActorRef<Reply<Done>> replyTo,
      CompletionStage<Registration> watch, boolean started) {
    return Behaviors.receive(Command.class)
        .onMessage(Watching.class, w -> {
          if (w.failure() != null) {
            replyTo.tell(Reply.failed(PyrosException.of(w.failure(), ErrorCode.SYSTEM_FAILURE)));
            return Behaviors.stopped();
          }
          replyTo.tell(Reply.ok(Done.getInstance()));
          return watching(name, watcher, replyTo, watch, true);
        })
        .onMessage(Changed.class, c -> {
          watcher.tell(new ParamValue(name, c.value().orElse(null)));
          return Behaviors.same();
        })
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
