package org.pyros.core.node;

import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.system.GraphSystem;

/** The child actor of one parameter: reads, writes and deletes it in the system. */
final class ParamActor {
  private ParamActor() {}

  sealed interface Command {}

  record Get(ActorRef<Reply<ParamValue>> replyTo) implements Command {}

  record Set(Object value, ActorRef<Reply<Done>> replyTo) implements Command {}

  record Delete(ActorRef<Reply<Done>> replyTo) implements Command {}

  record Stop() implements Command {}

  static Behavior<Command> create(String name, GraphSystem system) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Get.class,
            g -> {
              ServiceActor.reply(system.getParam(name).thenApply(v -> new ParamValue(name, v.orElse(null))), g.replyTo(), ErrorCode.SYSTEM_FAILURE);
              return Behaviors.same();
            })
        .onMessage(
            Set.class,
            s -> {
              ServiceActor.reply(system.setParam(name, s.value()), s.replyTo(), ErrorCode.SYSTEM_FAILURE);
              return Behaviors.same();
            })
        .onMessage(
            Delete.class,
            d -> {
              ServiceActor.reply(system.deleteParam(name), d.replyTo(), ErrorCode.SYSTEM_FAILURE);
              return Behaviors.same();
            })
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }
}
