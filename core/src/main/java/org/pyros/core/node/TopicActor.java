package org.pyros.core.node;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.metrics.TopicMeters;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;

/**
 * The child actor of one topic. It subscribes to the topic in the system (to keep the latest
 * message and fan it out to local subscribers) and advertises it on the first publish.
 *
 * <p>The node is the source of truth for who subscribes: when this actor starts or restarts it
 * tells the node, which sends the subscribers again.
 */
final class TopicActor {
  private TopicActor() {}

  sealed interface Command {}

  record Publish(Message message, ActorRef<Reply<Done>> replyTo) implements Command {}

  record AddSubscriber(ActorRef<TopicEvent> subscriber) implements Command {}

  record RemoveSubscriber(ActorRef<TopicEvent> subscriber) implements Command {}

  record Latest(ActorRef<Reply<LatestMessage>> replyTo) implements Command {}

  record Describe(ActorRef<Reply<MessageType>> replyTo) implements Command {}

  /** Ends the subscriptions with {@code reason} and stops. */
  record Stop(String reason) implements Command {}

  private record TypeResolved(MessageType type, Throwable failure) implements Command {}

  private record Received(Message message) implements Command {}

  private record Advertised(TopicPublisher publisher, Throwable failure) implements Command {}

  /** What the actor holds once the topic's type is known; replaced, never mutated. */
  private record State(
      MessageType type,
      Set<ActorRef<TopicEvent>> subscribers,
      Message latest,
      TopicPublisher publisher,
      Registration subscription) {

    State withSubscribers(Set<ActorRef<TopicEvent>> s) {
      return new State(type, s, latest, publisher, subscription);
    }

    State withLatest(Message m) {
      return new State(type, subscribers, m, publisher, subscription);
    }

    State withPublisher(TopicPublisher p) {
      return new State(type, subscribers, latest, p, subscription);
    }
  }

  private record Subscribed(Registration subscription, Throwable failure) implements Command {}

  /**
   * @param knownType the topic's type when the node already has it (from a published message);
   *     null to resolve {@code topic.type()} through the system
   * @param inFlight the requests the node admitted for this topic; each is marked answered here
   * @param meters where the topic's traffic is counted (thread-safe counters, kept across restarts)
   */
  static Behavior<Command> create(TopicInfo topic, MessageType knownType, GraphSystem system, NodeSettings settings,
      ActorRef<NodeBehavior.Internal> node, InFlight inFlight, TopicMeters meters) {
    return Behaviors.withStash(
        settings.stashCapacity(),
        stash ->
            Behaviors.setup(
                ctx -> {
                  node.tell(new NodeBehavior.TopicChildStarted(topic.name(), ctx.getSelf()));
                  if (knownType != null) {
                    ctx.getSelf().tell(new TypeResolved(knownType, null));
                  } else {
                    ctx.pipeToSelf(system.messageType(topic.type()), TypeResolved::new);
                  }
                  return new TopicActor.Running(ctx, stash, topic, system, settings, inFlight, meters).starting();
                }));
  }

  /** The fixed context of one incarnation; behaviours are its methods, state is passed. */
  private record Running(ActorContext<Command> ctx, StashBuffer<Command> stash, TopicInfo topic, GraphSystem system,
      NodeSettings settings, InFlight inFlight, TopicMeters meters) {

    /** Resolving the type, then subscribing; requests wait in the stash. */
    Behavior<Command> starting() {
      return Behaviors.receive(Command.class)
          .onMessage(TypeResolved.class, this::onTypeResolved)
          .onMessage(Stop.class, s -> stop(Set.of(), s))
          .onAnyMessage(this::hold)
          .build();
    }

    private Behavior<Command> onTypeResolved(TypeResolved r) {
      if (r.failure() != null) {
        // Without a type nothing works: fail, so the supervisor retries with backoff. The waiting
        // requests get the failure now (a restart drops this stash; the node sends subscribers again).
        PyrosException error = PyrosException.of(r.failure(), ErrorCode.UNKNOWN_TYPE);
        stash.forEach(m -> refuse(m, error.code(), "the type of topic " + topic.name() + " is not known: " + error.getMessage()));
        throw error;
      }
      ActorRef<Command> self = ctx.getSelf();
      CompletionStage<Registration> subscribing = system.subscribe(topic, settings.queueSize(), m -> self.tell(new Received(m)), meters::dropped);
      ctx.pipeToSelf(subscribing, Subscribed::new);
      return Behaviors.receive(Command.class)
          .onMessage(
              Subscribed.class,
              s -> {
                if (s.failure() != null) {
                  PyrosException error = PyrosException.of(s.failure(), ErrorCode.SYSTEM_FAILURE);
                  // A restart drops this stash: its requests are answered now, as above.
                  stash.forEach(m -> refuse(m, error.code(), "could not subscribe to " + topic.name() + ": " + error.getMessage()));
                  throw error;
                }
                return stash.unstashAll(active(new State(r.type(), Set.of(), null, null, s.subscription())));
              })
          .onMessage(Stop.class, s -> stop(Set.of(), s))
          .onSignal(PreRestart.class, sig -> cancelWhenDone(subscribing))
          .onSignal(PostStop.class, sig -> cancelWhenDone(subscribing))
          .onAnyMessage(this::hold)
          .build();
    }

    /** Advertising the topic (on the first publish); requests wait in the stash. */
    private Behavior<Command> advertising(State state, CompletionStage<TopicPublisher> advertisement) {
      return Behaviors.receive(Command.class)
          .onMessage(
              Advertised.class,
              a -> {
                if (a.failure() != null) {
                  PyrosException error = PyrosException.of(a.failure(), ErrorCode.SYSTEM_FAILURE);
                  // Answer every waiting publish before failing, so no caller is left in silence.
                  stash.forEach(m -> refuse(m, error.code(), "could not advertise " + topic.name() + ": " + error.getMessage()));
                  throw error;
                }
                return stash.unstashAll(active(state.withPublisher(a.publisher())));
              })
          .onMessage(Stop.class, s -> stop(state.subscribers(), s))
          .onSignal(PreRestart.class, sig -> release(state, advertisement))
          .onSignal(PostStop.class, sig -> release(state, advertisement))
          .onAnyMessage(this::hold)
          .build();
    }

    private Behavior<Command> hold(Command m) {
      if (stash.isFull()) {
        refuse(m, ErrorCode.UNAVAILABLE, "topic " + topic.name() + " is busy starting; too many waiting requests");
      } else {
        stash.stash(m);
      }
      return Behaviors.same();
    }

    Behavior<Command> active(State state) {
      return Behaviors.receive(Command.class)
          .onMessage(Publish.class, p -> publish(state, p))
          .onMessage(
              Received.class,
              r -> {
                meters.received();
                deliver(state.subscribers(), new TopicEvent.Received(topic.name(), r.message()));
                return active(state.withLatest(r.message()));
              })
          .onMessage(AddSubscriber.class, a -> active(state.withSubscribers(plus(state.subscribers(), a.subscriber()))))
          .onMessage(RemoveSubscriber.class, r -> active(state.withSubscribers(minus(state.subscribers(), r.subscriber()))))
          .onMessage(
              Latest.class,
              l -> {
                answer(l.replyTo(), Reply.ok(new LatestMessage(topic.name(), state.latest())));
                return Behaviors.same();
              })
          .onMessage(
              Describe.class,
              d -> {
                answer(d.replyTo(), Reply.ok(state.type()));
                return Behaviors.same();
              })
          .onMessage(Stop.class, s -> stop(state.subscribers(), s))
          // Results of a previous incarnation's requests, arriving after a restart.
          .onMessage(Subscribed.class, s -> release(new State(null, Set.of(), null, null, s.subscription())))
          .onMessage(Advertised.class, a -> release(new State(null, Set.of(), null, a.publisher(), null)))
          .onSignal(PreRestart.class, sig -> release(state))
          .onSignal(PostStop.class, sig -> release(state))
          .build();
    }

    /**
     * Ends every subscription, those still waiting in the stash too (a topic stopped while it
     * starts has no subscribers of its own yet), and answers every waiting request.
     */
    private Behavior<Command> stop(Set<ActorRef<TopicEvent>> subscribers, Stop s) {
      TopicEvent ended = new TopicEvent.Ended(topic.name(), s.reason());
      subscribers.forEach(sub -> sub.tell(ended));
      stash.forEach(m -> {
        if (m instanceof AddSubscriber a) {
          a.subscriber().tell(ended);
        } else {
          refuse(m, ErrorCode.NOT_EXPOSED, "topic " + topic.name() + " was closed: " + s.reason());
        }
      });
      return Behaviors.stopped();
    }

    private Behavior<Command> publish(State state, Publish p) {
      if (!p.message().type().name().equals(state.type().name())) {
        String why = "topic " + topic.name() + " carries " + state.type().name() + ", not " + p.message().type().name();
        ctx.getLog().warn("Refused a publish: {}", why);
        answer(p.replyTo(), Reply.failed(ErrorCode.BAD_MESSAGE, why));
        return Behaviors.same();
      }
      if (state.publisher() == null) {
        stash.stash(p);
        CompletionStage<TopicPublisher> advertisement =
            system.advertise(topic, new PublishOptions(settings.latched().allows(topic.name()), settings.queueSize()));
        ctx.pipeToSelf(advertisement, Advertised::new);
        return advertising(state, advertisement);
      }
      try {
        state.publisher().publish(p.message());
      } catch (RuntimeException e) {
        PyrosException error = PyrosException.of(e, ErrorCode.SYSTEM_FAILURE);
        answer(p.replyTo(), Reply.failed(error));
        if (error.code() == ErrorCode.BAD_MESSAGE) {
          return Behaviors.same();
        }
        // The caller has its answer; the restart gives the topic a fresh publisher.
        throw error;
      }
      meters.published();
      answer(p.replyTo(), Reply.ok(Done.getInstance()));
      // Our own message is on the topic now: Latest shows it at once, not only once the
      // system has delivered it back to our subscription.
      return active(state.withLatest(p.message()));
    }

    /**
     * Hands an event to each subscriber whose mailbox has room (the topic's queue size); one that
     * is that far behind misses it, counted, like a ROS subscriber whose queue is full.
     */
    private void deliver(Set<ActorRef<TopicEvent>> subscribers, TopicEvent event) {
      for (ActorRef<TopicEvent> s : subscribers) {
        if (SubscriberMailbox.isFull(s, settings.queueSize())) {
          inFlight.node().subscriberDrops.increment();
        } else {
          s.tell(event);
        }
      }
    }

    /** Answers a request the node admitted; the count drops first, so a caller with its answer sees it. */
    private <T> void answer(ActorRef<Reply<T>> replyTo, Reply<T> reply) {
      inFlight.answered();
      replyTo.tell(reply);
    }

    /** Answers a request that cannot be served; events and internal messages need no answer. */
    private void refuse(Command command, ErrorCode code, String why) {
      if (command instanceof Publish p) {
        answer(p.replyTo(), Reply.failed(code, why));
      } else if (command instanceof Latest l) {
        answer(l.replyTo(), Reply.failed(code, why));
      } else if (command instanceof Describe d) {
        answer(d.replyTo(), Reply.failed(code, why));
      }
    }
  }

  /** Cancels what the system keeps for this incarnation (on stop and before a restart). */
  private static Behavior<Command> release(State state) {
    if (state.subscription() != null) {
      state.subscription().cancel();
    }
    if (state.publisher() != null) {
      state.publisher().cancel();
    }
    return Behaviors.same();
  }

  /** Releases the state, and the publisher still being advertised once it is. */
  private static Behavior<Command> release(State state, CompletionStage<TopicPublisher> advertisement) {
    cancelWhenDone(advertisement);
    return release(state);
  }

  /**
   * Cancels what a request to the system gives, once it completes: the actor that asked stops
   * or restarts before then, and its result would otherwise keep running with nobody to cancel it.
   */
  private static Behavior<Command> cancelWhenDone(CompletionStage<? extends Registration> pending) {
    pending.thenAccept(Registration::cancel);
    return Behaviors.same();
  }

  static <T> Set<T> plus(Set<T> set, T item) {
    Set<T> copy = new HashSet<>(set);
    copy.add(item);
    return Set.copyOf(copy);
  }

  static <T> Set<T> minus(Set<T> set, T item) {
    Set<T> copy = new HashSet<>(set);
    copy.remove(item);
    return Set.copyOf(copy);
  }
}
