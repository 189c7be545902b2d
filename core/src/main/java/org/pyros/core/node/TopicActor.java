package org.pyros.core.node;

import java.util.HashSet;
import java.util.List;
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
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;

/**
 * The child actor of one topic. It subscribes to the topic in the system only while it is used
 * (someone subscribes through the node, or a {@link Latest} came less than {@code
 * pyros.topic.latest-linger} ago), keeps the latest message and fans it out to local
 * subscribers; it advertises the topic on the first publish. Publishing never subscribes.
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

  /** The answer to {@code request}, one subscribe in the system; only the pending one counts. */
  private record Subscribed(CompletionStage<Registration> request, Registration subscription, Throwable failure)
      implements Command {}

  /** The while after the last {@link Latest} is over. */
  private enum LingerOver implements Command { INSTANCE }

  /** Latest requests waiting for a first message have waited long enough. */
  private enum WaitOver implements Command { INSTANCE }

  private static final String LINGER = "linger";
  private static final String WAIT = "latest-wait";

  /**
   * What the actor holds once the topic's type is known; replaced, never mutated.
   *
   * @param subscription the system's subscription while the node follows the topic, else null
   * @param subscribing the subscribe asked of the system and not answered yet, else null
   * @param lingering whether a {@link Latest} came less than the linger ago
   * @param waiting latest requests waiting for a first message
   */
  private record State(
      MessageType type,
      Set<ActorRef<TopicEvent>> subscribers,
      Message latest,
      TopicPublisher publisher,
      Registration subscription,
      CompletionStage<Registration> subscribing,
      boolean lingering,
      List<ActorRef<Reply<LatestMessage>>> waiting) {

    static State of(MessageType type) {
      return new State(type, Set.of(), null, null, null, null, false, List.of());
    }

    State withSubscribers(Set<ActorRef<TopicEvent>> s) {
      return new State(type, s, latest, publisher, subscription, subscribing, lingering, waiting);
    }

    State withLatest(Message m) {
      return new State(type, subscribers, m, publisher, subscription, subscribing, lingering, waiting);
    }

    State withPublisher(TopicPublisher p) {
      return new State(type, subscribers, latest, p, subscription, subscribing, lingering, waiting);
    }

    State withSubscription(Registration r, CompletionStage<Registration> pending) {
      return new State(type, subscribers, latest, publisher, r, pending, lingering, waiting);
    }

    State withLingering(boolean l) {
      return new State(type, subscribers, latest, publisher, subscription, subscribing, l, waiting);
    }

    State withWaiting(List<ActorRef<Reply<LatestMessage>>> w) {
      return new State(type, subscribers, latest, publisher, subscription, subscribing, lingering, w);
    }

    /** Someone needs the topic's messages now. */
    boolean wanted() {
      return !subscribers.isEmpty() || lingering || !waiting.isEmpty();
    }

    /** Messages from the system count: subscribed, or about to be (a latched one may come first). */
    boolean following() {
      return subscription != null || subscribing != null;
    }
  }

  /**
   * @param knownType the topic's type when the node already has it (from a published message);
   *     null to resolve {@code topic.type()} through the system
   */
  static Behavior<Command> create(
      TopicInfo topic, MessageType knownType, GraphSystem system, NodeSettings settings, ActorRef<NodeBehavior.Internal> node) {
    return Behaviors.withStash(
        settings.stashCapacity(),
        stash -> Behaviors.withTimers(
            timers -> Behaviors.setup(
                ctx -> {
                  node.tell(new NodeBehavior.TopicChildStarted(topic.name(), ctx.getSelf()));
                  if (knownType != null) {
                    ctx.getSelf().tell(new TypeResolved(knownType, null));
                  } else {
                    ctx.pipeToSelf(system.messageType(topic.type()), TypeResolved::new);
                  }
                  return new TopicActor.Running(ctx, stash, timers, topic, system, settings).starting();
                })));
  }

  /** The fixed context of one incarnation; behaviours are its methods, state is passed. */
  private record Running(
      ActorContext<Command> ctx, StashBuffer<Command> stash, TimerScheduler<Command> timers, TopicInfo topic,
      GraphSystem system, NodeSettings settings) {

    /** Resolving the type; requests wait in the stash. */
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
      return stash.unstashAll(active(State.of(r.type())));
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
          .onMessage(Received.class, r -> received(state, r))
          .onMessage(AddSubscriber.class, a -> active(follow(state.withSubscribers(plus(state.subscribers(), a.subscriber())))))
          .onMessage(RemoveSubscriber.class, r -> active(follow(state.withSubscribers(minus(state.subscribers(), r.subscriber())))))
          .onMessage(Latest.class, l -> latest(state, l))
          .onMessage(LingerOver.class, l -> active(follow(state.withLingering(false))))
          .onMessage(WaitOver.class, w -> active(follow(answerWaiting(state))))
          .onMessage(Subscribed.class, s -> subscribed(state, s))
          .onMessage(
              Describe.class,
              d -> {
                d.replyTo().tell(Reply.ok(state.type()));
                return Behaviors.same();
              })
          .onMessage(Stop.class, s -> stop(state.subscribers(), s))
          // A previous incarnation's publisher, arriving after a restart.
          .onMessage(Advertised.class, a -> release(State.of(null).withPublisher(a.publisher())))
          .onSignal(PreRestart.class, sig -> release(state))
          .onSignal(PostStop.class, sig -> release(state))
          .build();
    }

    private Behavior<Command> received(State state, Received r) {
      if (!state.following()) {
        return Behaviors.same(); // delivered before the subscription was cancelled
      }
      TopicEvent event = new TopicEvent.Received(topic.name(), r.message());
      state.subscribers().forEach(s -> s.tell(event));
      State next = state.withLatest(r.message());
      if (!next.waiting().isEmpty()) {
        timers.cancel(WAIT);
        next = follow(answerWaiting(next));
      }
      return active(next);
    }

    /**
     * Answers at once when the node follows the topic or has a message to show (one it
     * published); else subscribes and waits for the first message up to the latest-wait. Either
     * way the topic stays followed for the linger after this request.
     */
    private Behavior<Command> latest(State state, Latest l) {
      State next = state;
      if (!settings.latestLinger().isZero()) {
        timers.startSingleTimer(LINGER, LingerOver.INSTANCE, settings.latestLinger());
        next = next.withLingering(true);
      }
      if (state.subscription() != null || state.latest() != null || settings.latestWait().isZero()) {
        l.replyTo().tell(Reply.ok(new LatestMessage(topic.name(), state.latest())));
      } else if (state.waiting().size() >= settings.stashCapacity()) {
        refuse(l, ErrorCode.UNAVAILABLE, "topic " + topic.name() + " has too many latest requests waiting for a first message");
      } else {
        if (state.waiting().isEmpty()) {
          timers.startSingleTimer(WAIT, WaitOver.INSTANCE, settings.latestWait());
        }
        List<ActorRef<Reply<LatestMessage>>> waiting = new java.util.ArrayList<>(state.waiting());
        waiting.add(l.replyTo());
        next = next.withWaiting(List.copyOf(waiting));
      }
      return active(follow(next));
    }

    /** Answers the waiting latest requests with what the topic has now (null: nothing seen). */
    private State answerWaiting(State state) {
      Reply<LatestMessage> answer = Reply.ok(new LatestMessage(topic.name(), state.latest()));
      state.waiting().forEach(w -> w.tell(answer));
      return state.withWaiting(List.of());
    }

    private Behavior<Command> subscribed(State state, Subscribed s) {
      if (s.request() != state.subscribing()) {
        // A previous incarnation's request (its own stop cancels it too; cancelling is idempotent).
        return s.subscription() != null ? release(State.of(null).withSubscription(s.subscription(), null)) : Behaviors.same();
      }
      if (s.failure() != null) {
        PyrosException error = PyrosException.of(s.failure(), ErrorCode.SYSTEM_FAILURE);
        ctx.getLog().warn("Could not subscribe to {}: {}", topic.name(), error.getMessage());
        // The supervisor retries with backoff; the node sends the subscribers again.
        throw error;
      }
      return active(follow(state.withSubscription(s.subscription(), null)));
    }

    /**
     * Subscribes in the system when the topic is wanted and not followed, and cancels the
     * subscription when it is no longer wanted (forgetting what it saw: a later latest must not
     * show a message that may be long outdated). A subscribe still pending when the want ends is
     * cancelled once it is answered.
     */
    private State follow(State state) {
      if (state.wanted() && !state.following()) {
        ActorRef<Command> self = ctx.getSelf();
        CompletionStage<Registration> request = system.subscribe(topic, settings.queueSize(), m -> self.tell(new Received(m)));
        ctx.pipeToSelf(request, (r, f) -> new Subscribed(request, r, f));
        ctx.getLog().debug("Subscribing to {}", topic.name());
        return state.withSubscription(null, request);
      }
      if (!state.wanted() && state.subscription() != null) {
        state.subscription().cancel();
        ctx.getLog().debug("Unsubscribed from {}: no longer used", topic.name());
        return state.withSubscription(null, null).withLatest(null);
      }
      return state;
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
        p.replyTo().tell(Reply.failed(ErrorCode.BAD_MESSAGE, why));
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
        p.replyTo().tell(Reply.failed(error));
        if (error.code() == ErrorCode.BAD_MESSAGE) {
          return Behaviors.same();
        }
        // The caller has its answer; the restart gives the topic a fresh publisher.
        throw error;
      }
      p.replyTo().tell(Reply.ok(Done.getInstance()));
      // Our own message is on the topic now: Latest shows it at once, not only once the
      // system has delivered it back to our subscription.
      return active(state.withLatest(p.message()));
    }
  }

  /**
   * Cancels what the system keeps for this incarnation (on stop and before a restart) and answers
   * the latest requests still waiting.
   */
  private static Behavior<Command> release(State state) {
    if (state.subscription() != null) {
      state.subscription().cancel();
    }
    if (state.subscribing() != null) {
      cancelWhenDone(state.subscribing());
    }
    Reply<LatestMessage> gone = Reply.failed(ErrorCode.UNAVAILABLE, "the topic stopped or restarted before a first message came");
    state.waiting().forEach(w -> w.tell(gone));
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

  /** Answers a request that cannot be served; events and internal messages need no answer. */
  static void refuse(Command command, ErrorCode code, String why) {
    if (command instanceof Publish p) {
      p.replyTo().tell(Reply.failed(code, why));
    } else if (command instanceof Latest l) {
      l.replyTo().tell(Reply.failed(code, why));
    } else if (command instanceof Describe d) {
      d.replyTo().tell(Reply.failed(code, why));
    }
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
