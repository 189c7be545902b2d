package org.pyros.core.node;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.metrics.PyrosMetrics;
import org.pyros.core.metrics.ServiceMeters;
import org.pyros.core.metrics.TopicMeters;
import org.pyros.core.msg.MessageType;
import org.pyros.core.node.PyrosNode.Command;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.Registration;

/** The node actor's behaviour: checks exposure, routes requests to children, reconciles the graph. */
final class NodeBehavior {
  private NodeBehavior() {}

  /** Messages the node sends itself or gets from its children. */
  sealed interface Internal extends Command {}

  record GraphChanged(GraphSnapshot graph) implements Internal {}

  /** Tells the node's mailbox ({@link NodeMailbox}) where to count its refusals; the node sends it itself first. */
  record CountInto(NodeLoad load) implements Internal {}

  /** The system gave its first complete view of the graph ({@link GraphSystem#ready()}). */
  record GraphViewed(Throwable failure) implements Internal {}

  record TopicChildStarted(String topic, ActorRef<TopicActor.Command> child) implements Internal {}

  record ServiceChildStarted(String service, ActorRef<ServiceActor.Command> child) implements Internal {}

  record SubscriberTerminated(ActorRef<TopicEvent> subscriber) implements Internal {}

  record HandlerTerminated(String service, ActorRef<ServiceRequest> handler) implements Internal {}

  /** {@code release} gives back the child's meters. */
  record ChildTerminated(String name, ActorRef<?> child, Runnable release) implements Internal {}

  record ParamWatchEnded(NodeState.ParamWatchKey key, ActorRef<ParamWatchActor.Command> child) implements Internal {}

  static Behavior<Command> create(GraphSystem system, NodeSettings settings, PyrosMetrics metrics) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Command> self = ctx.getSelf();
          self.tell(new CountInto(metrics.load())); // first, so the mailbox counts from the start
          Registration watch = system.watchGraph(g -> self.tell(new GraphChanged(g)));
          ctx.getLog().info("Pyros node started on {}", system.description());
          if (settings.exposure().exposesNothing()) {
            // Every request would be refused: the most common first-hour mistake, so say it once, loudly.
            ctx.getLog().warn("The Pyros node exposes nothing: every request is refused NOT_EXPOSED. Allow names "
                + "in pyros.expose (topics, services, params), e.g. allow = [\"/**\"]");
          }
          Node node = new Node(ctx, system, settings, metrics, watch);
          NodeState initial = NodeState.empty(settings.exposure());
          java.util.concurrent.CompletableFuture<GraphSnapshot> ready = system.ready().toCompletableFuture();
          if (ready.isDone() && !ready.isCompletedExceptionally()) {
            // A graph known at once (in memory): requests already waiting in the mailbox find it.
            return node.running(node.reconcile(initial.withGraph(ready.join()).withViewed()));
          }
          ctx.pipeToSelf(ready, (view, failure) -> new GraphViewed(failure));
          return node.running(initial);
        });
  }

  private record Node(ActorContext<Command> ctx, GraphSystem system, NodeSettings settings, PyrosMetrics metrics,
      Registration graphWatch) {

    /** What the node counts of its load (requests in flight, refused), read by its meters and its mailbox. */
    NodeLoad load() {
      return metrics.load();
    }

    ActorRef<Internal> internal() {
      return ctx.getSelf().narrow();
    }

    /** The graph's nodes as far as the exposure shows them: a node using no exposed name is not listed. */
    static List<NodeInfo> exposedNodes(NodeState s) {
      Exposure e = s.exposure();
      List<NodeInfo> out = new java.util.ArrayList<>();
      for (NodeInfo n : s.graph().nodes().values()) {
        NodeInfo shown = new NodeInfo(n.name(), n.publications().stream().filter(e.topics()::allows).toList(),
            n.subscriptions().stream().filter(e.topics()::allows).toList(),
            n.services().stream().filter(e.services()::allows).toList());
        if (!shown.publications().isEmpty() || !shown.subscriptions().isEmpty() || !shown.services().isEmpty()) {
          out.add(shown);
        }
      }
      return List.copyOf(out);
    }

    Behavior<Command> running(NodeState s) {
      return Behaviors.receive(Command.class)
          .onMessage(PyrosNode.Publish.class, m -> withTopic(s, m.topic(), m.message().type(), m.replyTo(),
              child -> child.tell(new TopicActor.Publish(m.message(), m.replyTo()))))
          .onMessage(PyrosNode.Subscribe.class, m -> subscribe(s, m))
          .onMessage(PyrosNode.Unsubscribe.class, m -> running(unsubscribe(s, m.topic(), m.subscriber())))
          .onMessage(PyrosNode.Latest.class, m -> withTopic(s, m.topic(), null, m.replyTo(),
              child -> child.tell(new TopicActor.Latest(m.replyTo()))))
          .onMessage(PyrosNode.DescribeTopic.class, m -> withTopic(s, m.topic(), null, m.replyTo(),
              child -> child.tell(new TopicActor.Describe(m.replyTo()))))
          .onMessage(PyrosNode.DescribeMessageType.class, m -> describeType(m))
          .onMessage(PyrosNode.CallService.class, m -> withService(s, m.service(), null, m.replyTo(),
              child -> child.tell(new ServiceActor.Call(m.request(), m.timeout(), m.replyTo()))))
          .onMessage(PyrosNode.DescribeService.class, m -> withService(s, m.service(), null, m.replyTo(),
              child -> child.tell(new ServiceActor.Describe(m.replyTo()))))
          .onMessage(PyrosNode.ProvideService.class, m -> provide(s, m))
          .onMessage(PyrosNode.GetParam.class, m -> withParam(s, m.name(), m.replyTo(), c -> c.tell(new ParamActor.Get(m.replyTo()))))
          .onMessage(PyrosNode.SetParam.class, m -> withParam(s, m.name(), m.replyTo(), c -> c.tell(new ParamActor.Set(m.value(), m.replyTo()))))
          .onMessage(PyrosNode.DeleteParam.class, m -> withParam(s, m.name(), m.replyTo(), c -> c.tell(new ParamActor.Delete(m.replyTo()))))
          .onMessage(PyrosNode.WatchParam.class, m -> watchParam(s, m))
          .onMessage(PyrosNode.UnwatchParam.class, m -> {
            NodeState.ParamWatchKey key = new NodeState.ParamWatchKey(m.name(), m.watcher());
            ActorRef<ParamWatchActor.Command> child = s.paramWatches().get(key);
            if (child == null) {
              return Behaviors.same();
            }
            child.tell(new ParamWatchActor.Stop());
            return running(s.withParamWatches(NodeState.without(s.paramWatches(), key)));
          })
          .onMessage(ParamWatchEnded.class, m -> m.child().equals(s.paramWatches().get(m.key()))
              ? running(s.withParamWatches(NodeState.without(s.paramWatches(), m.key())))
              : Behaviors.same())
          .onMessage(PyrosNode.ListTopics.class, m -> {
            m.replyTo().tell(Reply.ok(List.copyOf(s.topicInfos().values())));
            return Behaviors.same();
          })
          .onMessage(PyrosNode.ListNodes.class, m -> {
            m.replyTo().tell(Reply.ok(exposedNodes(s)));
            return Behaviors.same();
          })
          .onMessage(PyrosNode.ListServices.class, m -> {
            m.replyTo().tell(Reply.ok(List.copyOf(s.serviceInfos().values())));
            return Behaviors.same();
          })
          .onMessage(PyrosNode.ListParams.class, m -> {
            NameFilter filter = s.exposure().params();
            ServiceActor.reply(system.paramNames().thenApply(names -> names.stream().filter(filter::allows).toList()),
                m.replyTo(), ErrorCode.SYSTEM_FAILURE);
            return Behaviors.same();
          })
          .onMessage(PyrosNode.Reconfigure.class, m -> {
            ctx.getLog().info("Exposure changed: topics {} services {} params {}",
                m.exposure().topics(), m.exposure().services(), m.exposure().params());
            NodeState next = reconcile(s.withExposure(m.exposure()));
            m.replyTo().tell(Reply.ok(org.apache.pekko.Done.getInstance()));
            return running(next);
          })
          .onMessage(PyrosNode.GetExposure.class, m -> {
            m.replyTo().tell(Reply.ok(s.exposure()));
            return Behaviors.same();
          })
          .onMessage(GraphChanged.class, m -> running(reconcile(s.withGraph(m.graph()))))
          .onMessage(GraphViewed.class, m -> {
            if (m.failure() != null) {
              ctx.getLog().warn("The system gave no first view of the graph: {}", m.failure().toString());
              return Behaviors.same();
            }
            return running(s.withViewed());
          })
          .onMessage(TopicChildStarted.class, m -> {
            if (m.child().equals(s.topics().get(m.topic()))) {
              s.subscriptions().getOrDefault(m.topic(), Set.of()).forEach(sub -> m.child().tell(new TopicActor.AddSubscriber(sub)));
            }
            return Behaviors.same();
          })
          .onMessage(ServiceChildStarted.class, m -> {
            PyrosNode.ProvideService p = s.provided().get(m.service());
            if (p != null && m.child().equals(s.services().get(m.service()))) {
              m.child().tell(new ServiceActor.Provide(p.handler(), ctx.getSystem().ignoreRef()));
            }
            return Behaviors.same();
          })
          .onMessage(SubscriberTerminated.class, m -> {
            NodeState next = s;
            for (String topic : List.copyOf(s.subscriptions().keySet())) {
              next = unsubscribe(next, topic, m.subscriber());
            }
            return running(next);
          })
          .onMessage(HandlerTerminated.class, m -> {
            PyrosNode.ProvideService p = s.provided().get(m.service());
            if (p == null || !p.handler().equals(m.handler())) {
              return Behaviors.same();
            }
            ActorRef<ServiceActor.Command> child = s.services().get(m.service());
            if (child != null) {
              child.tell(new ServiceActor.Withdraw(m.handler()));
            }
            return running(reconcile(s.withProvided(NodeState.without(s.provided(), m.service()))));
          })
          .onMessage(CountInto.class, m -> Behaviors.same()) // for the mailbox, which read it already
          .onMessage(ChildTerminated.class, m -> {
            m.release().run();
            return running(s.forgetChild(m.name(), m.child()).withoutLoad(m.child()));
          })
          .onSignal(PostStop.class, sig -> {
            graphWatch.cancel();
            return Behaviors.same();
          })
          .build();
    }

    private Behavior<Command> describeType(PyrosNode.DescribeMessageType m) {
      if (m.type() == null || m.type().isBlank()) {
        m.replyTo().tell(Reply.failed(ErrorCode.UNKNOWN_TYPE, "no message type name given"));
        return Behaviors.same();
      }
      // Off the node's thread: a system may read and parse definitions to answer.
      ServiceActor.reply(java.util.concurrent.CompletableFuture
              .supplyAsync(() -> system.messageType(m.type()), ctx.getExecutionContext())
              .thenCompose(stage -> stage),
          m.replyTo(), ErrorCode.UNKNOWN_TYPE);
      return Behaviors.same();
    }

    private <T> Behavior<Command> withTopic(NodeState s, String topic, MessageType publishType, ActorRef<Reply<T>> replyTo,
        java.util.function.Consumer<ActorRef<TopicActor.Command>> forward) {
      NodeState next = topicChild(s, topic, publishType, replyTo);
      if (next == null) {
        return Behaviors.same();
      }
      ActorRef<TopicActor.Command> child = next.topics().get(topic);
      if (admitted(next, child, replyTo, "topic ", topic)) {
        forward.accept(child);
      }
      return next == s ? Behaviors.same() : running(next);
    }

    /**
     * The state with a child for {@code topic}, spawning one when the topic is in the graph or
     * is being published ({@code publishType} not null); null after refusing the request.
     */
    private <T> NodeState topicChild(NodeState s, String topic, MessageType publishType, ActorRef<Reply<T>> replyTo) {
      // A child exists only while its name is exposed (reconcile stops the others at once), so
      // the pattern match is needed only for names without one: the hot path skips it.
      if (s.topics().containsKey(topic)) {
        return s;
      }
      if (!s.exposure().topics().allows(topic)) {
        refuse(replyTo, ErrorCode.NOT_EXPOSED, "topic " + topic + " is not exposed");
        return null;
      }
      TopicInfo info = s.graph().topics().get(topic);
      if (info == null && publishType == null) {
        refuseMissing(s, replyTo, "topic " + topic);
        return null;
      }
      return info != null ? spawnTopic(s, info, null) : spawnTopic(s, new TopicInfo(topic, publishType.name()), publishType);
    }

    /**
     * Subscribes as ROS does: a topic with no publisher yet is accepted and delivers once one
     * appears. Its child is spawned now when the graph or the caller gives the type, else when
     * the topic appears in the graph (the subscriber is kept by the node until then).
     */
    private Behavior<Command> subscribe(NodeState s, PyrosNode.Subscribe m) {
      String topic = m.topic();
      if (!s.topics().containsKey(topic) && !s.exposure().topics().allows(topic)) {
        return refuse(m.replyTo(), ErrorCode.NOT_EXPOSED, "topic " + topic + " is not exposed");
      }
      TopicInfo known = s.topicInfos().getOrDefault(topic, s.graph().topics().get(topic));
      if (m.type() != null && known != null && !known.type().equals(m.type())) {
        return refuse(m.replyTo(), ErrorCode.BAD_MESSAGE, "topic " + topic + " carries " + known.type() + ", not " + m.type());
      }
      NodeState next = s;
      if (!s.topics().containsKey(topic) && (known != null || m.type() != null)) {
        next = spawnTopic(s, known != null ? known : new TopicInfo(topic, m.type()), null);
      }
      if (!next.isWatched(m.subscriber())) {
        ctx.watchWith(m.subscriber(), new SubscriberTerminated(m.subscriber()));
      }
      ActorRef<TopicActor.Command> child = next.topics().get(topic);
      if (child != null) {
        child.tell(new TopicActor.AddSubscriber(m.subscriber()));
      }
      m.replyTo().tell(Reply.ok(org.apache.pekko.Done.getInstance()));
      return running(next.withSubscriber(topic, m.subscriber()));
    }

    private NodeState unsubscribe(NodeState s, String topic, ActorRef<TopicEvent> subscriber) {
      if (!s.subscriptions().getOrDefault(topic, Set.of()).contains(subscriber)) {
        return s;
      }
      ActorRef<TopicActor.Command> child = s.topics().get(topic);
      if (child != null) {
        child.tell(new TopicActor.RemoveSubscriber(subscriber));
      }
      NodeState next = s.withoutSubscriber(topic, subscriber);
      if (!next.isWatched(subscriber)) {
        ctx.unwatch(subscriber);
      }
      return next;
    }

    private <T> Behavior<Command> withService(NodeState s, String service, String provideType, ActorRef<Reply<T>> replyTo,
        java.util.function.Consumer<ActorRef<ServiceActor.Command>> forward) {
      if (!s.services().containsKey(service) && !s.exposure().services().allows(service)) {
        return refuse(replyTo, ErrorCode.NOT_EXPOSED, "service " + service + " is not exposed");
      }
      NodeState next = s;
      if (!s.services().containsKey(service)) {
        ServiceInfo info = s.graph().services().get(service);
        if (info == null && provideType == null) {
          return refuseMissing(s, replyTo, "service " + service);
        }
        next = spawnService(s, provideType != null ? new ServiceInfo(service, provideType) : info);
      }
      ActorRef<ServiceActor.Command> child = next.services().get(service);
      if (admitted(next, child, replyTo, "service ", service)) {
        forward.accept(child);
      }
      return next == s ? Behaviors.same() : running(next);
    }

    private Behavior<Command> provide(NodeState s, PyrosNode.ProvideService m) {
      if (!s.exposure().services().allows(m.service())) {
        return refuse(m.replyTo(), ErrorCode.NOT_EXPOSED, "service " + m.service() + " is not exposed");
      }
      NodeState next = s.services().containsKey(m.service()) ? s : spawnService(s, new ServiceInfo(m.service(), m.type()));
      ctx.watchWith(m.handler(), new HandlerTerminated(m.service(), m.handler()));
      next.services().get(m.service()).tell(new ServiceActor.Provide(m.handler(), m.replyTo()));
      return running(next.withProvided(NodeState.with(next.provided(), m.service(), m)));
    }

    /** A watch is a child of its own: it outlives the param's child, which exists only while the param is set. */
    private Behavior<Command> watchParam(NodeState s, PyrosNode.WatchParam m) {
      if (!s.exposure().params().allows(m.name())) {
        return refuse(m.replyTo(), ErrorCode.NOT_EXPOSED, "param " + m.name() + " is not exposed");
      }
      NodeState.ParamWatchKey key = new NodeState.ParamWatchKey(m.name(), m.watcher());
      ActorRef<ParamWatchActor.Command> previous = s.paramWatches().get(key);
      if (previous != null) {
        previous.tell(new ParamWatchActor.Stop()); // watched again: the new watch starts from the current value
      }
      ActorRef<ParamWatchActor.Command> child = ctx.spawn(ParamWatchActor.create(m.name(), m.watcher(), m.replyTo(), system,
          settings.queueSize()), childName("param-watch", m.name(), s.spawned()));
      ctx.watchWith(child, new ParamWatchEnded(key, child));
      return running(s.withParamWatches(NodeState.with(s.paramWatches(), key, child)).counted());
    }

    private <T> Behavior<Command> withParam(NodeState s, String name, ActorRef<Reply<T>> replyTo,
        java.util.function.Consumer<ActorRef<ParamActor.Command>> forward) {
      if (!s.params().containsKey(name) && !s.exposure().params().allows(name)) {
        return refuse(replyTo, ErrorCode.NOT_EXPOSED, "param " + name + " is not exposed");
      }
      NodeState next = s.params().containsKey(name) ? s : spawnParam(s, name);
      forward.accept(next.params().get(name));
      return next == s ? Behaviors.same() : running(next);
    }

    /**
     * Counts a request in for {@code child}, or refuses it {@code OVERLOADED} at once: past the
     * bound it would only wait in a mailbox until its ask timed out.
     */
    private <T> boolean admitted(NodeState s, ActorRef<?> child, ActorRef<Reply<T>> replyTo, String kind, String name) {
      if (s.loads().get(child).admit()) {
        return true;
      }
      // The words are joined only here: an admitted request (the hot path) builds no string.
      refuse(replyTo, ErrorCode.OVERLOADED, kind + name + " has as many requests in flight as the node takes; try again shortly");
      return false;
    }

    /**
     * Refuses a request for a name the graph does not have: {@code NOT_FOUND}, or {@code
     * UNAVAILABLE} while the node has no complete view of the graph yet (the name may be there).
     */
    private <T> Behavior<Command> refuseMissing(NodeState s, ActorRef<Reply<T>> replyTo, String what) {
      if (!s.viewed()) {
        return refuse(replyTo, ErrorCode.UNAVAILABLE, what + " is not known yet: the node is still learning the graph");
      }
      return refuse(replyTo, ErrorCode.NOT_FOUND, what + " is not in the graph");
    }

    private <T> Behavior<Command> refuse(ActorRef<Reply<T>> replyTo, ErrorCode code, String why) {
      // The caller gets the reason; a log line per refused request would flood INFO.
      ctx.getLog().debug("Refused: {} ({})", why, code);
      replyTo.tell(Reply.failed(code, why));
      return Behaviors.same();
    }

    /** Creates and stops children so they match the exposure and the graph. */
    private NodeState reconcile(NodeState s) {
      NodeState next = s;
      Exposure e = s.exposure();
      // Topic children stay while exposed: their own registration keeps the topic in the graph.
      for (String topic : List.copyOf(s.topics().keySet())) {
        if (!e.topics().allows(topic)) {
          next = stopTopic(next, topic, "topic " + topic + " is no longer exposed");
        }
      }
      for (TopicInfo info : s.graph().topics().values()) {
        if (e.topics().allows(info.name()) && !next.topics().containsKey(info.name())) {
          next = spawnTopic(next, info, null);
        }
      }
      for (String topic : next.pendingTopics()) {
        if (!e.topics().allows(topic)) {
          next = endPending(next, topic, "topic " + topic + " is no longer exposed");
        }
      }
      for (String service : List.copyOf(s.services().keySet())) {
        boolean present = s.graph().services().containsKey(service) || s.provided().containsKey(service);
        if (!e.services().allows(service) || !present) {
          next.services().get(service).tell(new ServiceActor.Stop(present ? "no longer exposed" : "gone from the graph"));
          next = next.withServices(NodeState.without(next.services(), service), NodeState.without(next.serviceInfos(), service));
        }
      }
      for (ServiceInfo info : s.graph().services().values()) {
        if (e.services().allows(info.name()) && !next.services().containsKey(info.name())) {
          next = spawnService(next, info);
        } else if (next.services().containsKey(info.name()) && !info.type().isEmpty()
            && !info.equals(next.serviceInfos().get(info.name()))) {
          // The backend learnt the type after the service appeared.
          next = next.withServices(next.services(), NodeState.with(next.serviceInfos(), info.name(), info));
        }
      }
      for (String param : List.copyOf(s.params().keySet())) {
        if (!e.params().allows(param) || !s.graph().params().contains(param)) {
          next.params().get(param).tell(new ParamActor.Stop());
          next = next.withParams(NodeState.without(next.params(), param));
        }
      }
      for (String param : s.graph().params()) {
        if (e.params().allows(param) && !next.params().containsKey(param)) {
          next = spawnParam(next, param);
        }
      }
      for (var watch : s.paramWatches().entrySet()) {
        if (!e.params().allows(watch.getKey().name())) {
          watch.getValue().tell(new ParamWatchActor.Stop());
          next = next.withParamWatches(NodeState.without(next.paramWatches(), watch.getKey()));
        }
      }
      return next;
    }

    private NodeState stopTopic(NodeState s, String topic, String reason) {
      s.topics().get(topic).tell(new TopicActor.Stop(reason));
      NodeState next = s;
      for (ActorRef<TopicEvent> sub : s.subscriptions().getOrDefault(topic, Set.of())) {
        next = next.withoutSubscriber(topic, sub);
        if (!next.isWatched(sub)) {
          ctx.unwatch(sub);
        }
      }
      return next.withTopics(NodeState.without(next.topics(), topic), NodeState.without(next.topicInfos(), topic));
    }

    /** Ends the subscriptions of a topic that has no child (it never appeared in the graph). */
    private NodeState endPending(NodeState s, String topic, String reason) {
      TopicEvent ended = new TopicEvent.Ended(topic, reason);
      NodeState next = s;
      for (ActorRef<TopicEvent> sub : s.subscriptions().getOrDefault(topic, Set.of())) {
        sub.tell(ended);
        next = next.withoutSubscriber(topic, sub);
        if (!next.isWatched(sub)) {
          ctx.unwatch(sub);
        }
      }
      return next;
    }

    private NodeState spawnTopic(NodeState s, TopicInfo info, MessageType knownType) {
      InFlight inFlight = new InFlight(settings.maxInFlightPerTopic(), settings.maxInFlight(), load());
      TopicMeters meters = metrics.topic(info.name(), system.traffic(info.name()));
      ActorRef<TopicActor.Command> child = ctx.spawn(supervised("topic",
          TopicActor.create(info, knownType, system, settings, internal(), inFlight, meters)), childName("topic", info.name(), s.spawned()));
      ctx.watchWith(child, new ChildTerminated(info.name(), child, () -> metrics.release(meters)));
      return s.withTopics(NodeState.with(s.topics(), info.name(), child), NodeState.with(s.topicInfos(), info.name(), info)).counted()
          .withLoad(child, inFlight);
    }

    private NodeState spawnService(NodeState s, ServiceInfo info) {
      InFlight inFlight = new InFlight(settings.maxInFlightPerService(), settings.maxInFlight(), load());
      ServiceMeters meters = metrics.service(info.name());
      ActorRef<ServiceActor.Command> child = ctx.spawn(supervised("service",
          ServiceActor.create(info, system, settings, internal(), inFlight, meters)), childName("service", info.name(), s.spawned()));
      ctx.watchWith(child, new ChildTerminated(info.name(), child, () -> metrics.release(meters)));
      return s.withServices(NodeState.with(s.services(), info.name(), child), NodeState.with(s.serviceInfos(), info.name(), info)).counted()
          .withLoad(child, inFlight);
    }

    private NodeState spawnParam(NodeState s, String name) {
      ActorRef<ParamActor.Command> child = ctx.spawn(
          supervised("param", ParamActor.create(name, system)), childName("param", name, s.spawned()));
      ctx.watchWith(child, new ChildTerminated(name, child, () -> {}));
      return s.withParams(NodeState.with(s.params(), name, child)).counted();
    }

    /** The child restarted with backoff when it fails; each restart (a second start of the behaviour) is counted. */
    private <T> Behavior<T> supervised(String kind, Behavior<T> behavior) {
      // Set and read only by the child's own (re)starts, one at a time; atomic for the hand-over between threads.
      java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
      Behavior<T> counted = Behaviors.setup(c -> {
        if (started.getAndSet(true)) {
          metrics.restarted(kind);
        }
        return behavior;
      });
      return Behaviors.supervise(counted)
          .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2)
              .withStashCapacity(settings.stashCapacity()));
    }
  }

  /** An actor name for a ROS name; the counter keeps names unique while an old child stops. */
  static String childName(String kind, String rosName, long counter) {
    return kind + "-" + URLEncoder.encode(rosName, StandardCharsets.UTF_8) + "-" + counter;
  }
}
