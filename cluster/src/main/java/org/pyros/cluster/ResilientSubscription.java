package org.pyros.cluster;

import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.TopicEvent;

/**
 * One subscription of a client, kept alive across moves of the node: subscribed to one node
 * actor at a time (told by the {@link NodeGateway}); when that node is lost the subscriber gets
 * a {@link TopicEvent.Gap} and the subscription is made again on the next node. Events go
 * straight from the node to the subscriber; this actor only manages the subscription.
 */
final class ResilientSubscription {
  private ResilientSubscription() {}

  sealed interface Command {}

  /** The node to subscribe with (the first, or the next after a move). */
  record NodeAt(ActorRef<PyrosNode.Command> node) implements Command {}

  /** The node was lost (its host left or died, or it restarted). */
  record NodeLost() implements Command {}

  /** The client unsubscribed. */
  record Cancel() implements Command {}

  private record Answered(ActorRef<PyrosNode.Command> node, Reply<Done> reply, Throwable failure) implements Command {}

  private record Retry() implements Command {}

  private record SubscriberGone() implements Command {}

  /** {@code type}: the topic's type as the client gave it, or null to learn it from the graph. */
  static Behavior<Command> create(String topic, String type, ActorRef<TopicEvent> subscriber,
      ActorRef<Reply<Done>> firstReply, ActorRef<PyrosNode.Command> node, ClusterSettings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.watchWith(subscriber, new SubscriberGone());
      Subscription s = new Subscription(ctx, timers, topic, type, subscriber, settings);
      if (node != null) {
        s.subscribe(node);
      }
      return s.behavior(node, false, firstReply, settings.resubscribeMinBackoff());
    }));
  }

  private record Subscription(ActorContext<Command> ctx, TimerScheduler<Command> timers, String topic, String type,
      ActorRef<TopicEvent> subscriber, ClusterSettings settings) {

    @SuppressWarnings({"unchecked", "rawtypes"})
    void subscribe(ActorRef<PyrosNode.Command> node) {
      ctx.ask(Reply.class, node, settings.identifyTimeout(),
          r -> new PyrosNode.Subscribe(topic, type, subscriber, (ActorRef) r),
          (reply, failure) -> new Answered(node, (Reply<Done>) reply, failure));
    }

    /**
     * @param node the node subscribed with or being subscribed with; null while none is known
     * @param subscribed whether {@code node} confirmed
     * @param firstReply the client's request, until the first answer
     */
    Behavior<Command> behavior(ActorRef<PyrosNode.Command> node, boolean subscribed, ActorRef<Reply<Done>> firstReply,
        Duration backoff) {
      return Behaviors.receive(Command.class)
          .onMessage(NodeAt.class, m -> {
            if (m.node().equals(node)) {
              return Behaviors.same();
            }
            subscribe(m.node());
            return behavior(m.node(), false, firstReply, settings.resubscribeMinBackoff());
          })
          .onMessage(NodeLost.class, m -> {
            timers.cancelAll();
            if (firstReply == null && node != null) {
              subscriber.tell(new TopicEvent.Gap(topic, "the Pyros node moved to another member; messages may have been missed"));
            }
            return behavior(null, false, firstReply, settings.resubscribeMinBackoff());
          })
          .onMessage(Answered.class, a -> {
            if (!a.node().equals(node)) {
              return Behaviors.same(); // an answer from a node we no longer use
            }
            if (a.reply() instanceof Reply.Ok<Done>) {
              if (firstReply != null) {
                firstReply.tell(a.reply());
              } else {
                ctx.getLog().debug("Subscription to {} resumed on the new node", topic);
              }
              return behavior(node, true, null, settings.resubscribeMinBackoff());
            }
            if (a.reply() instanceof Reply.Failed<Done> f) {
              if (firstReply != null) {
                firstReply.tell(f);
                return Behaviors.stopped();
              }
              if (f.code() == ErrorCode.NOT_EXPOSED) {
                subscriber.tell(new TopicEvent.Ended(topic, f.message()));
                return Behaviors.stopped();
              }
              ctx.getLog().debug("Re-subscribing to {} failed ({}); retrying in {} ms", topic, f.message(), backoff.toMillis());
            }
            // Failed, or no answer in time: try again later on the same node.
            timers.startSingleTimer(new Retry(), backoff);
            Duration next = backoff.multipliedBy(2);
            return behavior(node, false, firstReply, next.compareTo(settings.resubscribeMaxBackoff()) > 0 ? settings.resubscribeMaxBackoff() : next);
          })
          .onMessage(Retry.class, r -> {
            if (node != null && !subscribed) {
              subscribe(node);
            }
            return Behaviors.same();
          })
          .onMessage(Cancel.class, c -> {
            if (node != null) {
              node.tell(new PyrosNode.Unsubscribe(topic, subscriber));
            }
            return Behaviors.stopped();
          })
          .onMessage(SubscriberGone.class, g -> Behaviors.stopped())
          .build();
    }
  }
}
