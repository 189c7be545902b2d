package org.pyros.samples.actors;

import java.time.Duration;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pyros.core.msg.Message;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.TopicEvent;

/**
 * An application actor that subscribes to a topic through the Pyros node (tell), keeps a running
 * statistic of one number from each message, and answers queries ({@link GetStats}). When the
 * topic is not there yet, or its subscription ends, it subscribes again after {@code retry}.
 */
public final class TopicStatistics {
  private TopicStatistics() {}

  public sealed interface Command {}

  /** Asks for the statistic so far. */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  /**
   * The statistic of the values seen since start ({@code mean}, {@code min}, {@code max} are
   * NaN while {@code count} is 0); {@code subscribed} says whether messages are coming in.
   */
  public record Stats(String topic, boolean subscribed, long count, double mean, double min, double max) {}

  private record Event(TopicEvent event) implements Command {}

  private record SubscribeAnswered(Reply<Done> reply) implements Command {}

  private enum Resubscribe implements Command { INSTANCE }

  /** Subscribes to {@code topic} at {@code node}, taking {@code value} of each message. */
  public static Behavior<Command> create(ActorRef<PyrosNode.Command> node, String topic, ToDoubleFunction<Message> value, Duration retry) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Statistics s = new Statistics(ctx, timers, node, topic, value, retry);
      s.subscribe();
      return s.behavior(false, 0, Double.NaN, Double.NaN, Double.NaN);
    }));
  }

  private record Statistics(ActorContext<Command> ctx, TimerScheduler<Command> timers, ActorRef<PyrosNode.Command> node,
      String topic, ToDoubleFunction<Message> value, Duration retry) {

    void subscribe() {
      ActorRef<TopicEvent> events = ctx.messageAdapter(TopicEvent.class, Event::new);
      @SuppressWarnings("unchecked")
      ActorRef<Reply<Done>> answers = ctx.messageAdapter((Class<Reply<Done>>) (Class<?>) Reply.class, SubscribeAnswered::new);
      node.tell(new PyrosNode.Subscribe(topic, events, answers));
    }

    Behavior<Command> behavior(boolean subscribed, long count, double mean, double min, double max) {
      return Behaviors.receive(Command.class)
          .onMessage(GetStats.class, q -> {
            q.replyTo().tell(new Stats(topic, subscribed, count, mean, min, max));
            return Behaviors.same();
          })
          .onMessage(SubscribeAnswered.class, a -> {
            if (a.reply() instanceof Reply.Failed<Done> f) {
              ctx.getLog().info("Cannot subscribe to {} yet ({}: {}); retrying in {}", topic, f.code(), f.message(), retry);
              timers.startSingleTimer(Resubscribe.INSTANCE, retry);
              return Behaviors.same();
            }
            return behavior(true, count, mean, min, max);
          })
          .onMessage(Resubscribe.class, r -> {
            subscribe();
            return Behaviors.same();
          })
          .onMessage(Event.class, e -> {
            if (e.event() instanceof TopicEvent.Received r) {
              double x = value.applyAsDouble(r.message());
              long n = count + 1;
              // Running mean: no list of values is kept, however long the topic runs.
              double m = count == 0 ? x : mean + (x - mean) / n;
              return behavior(subscribed, n, m, count == 0 ? x : Math.min(min, x), count == 0 ? x : Math.max(max, x));
            }
            if (e.event() instanceof TopicEvent.Ended ended) {
              ctx.getLog().info("Subscription to {} ended ({}); subscribing again", topic, ended.reason());
              timers.startSingleTimer(Resubscribe.INSTANCE, retry);
              return behavior(false, count, mean, min, max);
            }
            return Behaviors.same(); // a Gap: some messages were missed, the statistic goes on
          })
          .build();
    }
  }
}
