package org.pyros.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.system.Registration;

/**
 * The bridge actor: one Pyros process on a ROS 1 graph and a ROS 2 graph, forwarding the topics
 * its settings name between them, as the node actor serves exposed names. It watches both graphs;
 * each topic that matches a direction's patterns and has a publisher other than the bridge on its
 * side gets a child ({@link ForwardActor}) supervised under it and restarted with backoff when
 * its system fails; a topic whose publishers are gone is stopped after {@link BridgeSettings#linger}. A topic whose type is missing or cannot be mapped is logged and reported
 * ({@link Status}) for that topic only; the others go on. A topic forwarded both ways does not
 * echo: the bridge ignores its own publications. The caller keeps ownership of both systems.
 *
 * <p>Services are forwarded the same way: a service that matches a direction's service patterns
 * and has a server other than the bridge on its side gets a child ({@link ServiceForwardActor})
 * that serves it on the other side, translating each request and response.
 */
public final class Bridge {
  private Bridge() {}

  /** Everything the bridge understands. */
  public sealed interface Command permits Status, GraphChanged, PublishersChanged, Linger, ForwardStarted, ForwardFailed, ChildStopped {}

  /** The topics and services forwarded or failed, sorted by kind, direction and name. */
  public record Status(ActorRef<List<ForwardStatus>> replyTo) implements Command {}

  record GraphChanged(Direction from, GraphSnapshot graph) implements Command {}

  record PublishersChanged() implements Command {}

  /** A topic that lost its publishers (a service its server) a while ago: stop forwarding it if it still has none. */
  record Linger(Key key) implements Command {}

  record ForwardStarted(ForwardStatus.Kind kind, Direction direction, String name, ActorRef<?> child) implements Command {}

  record ForwardFailed(ForwardStatus.Kind kind, Direction direction, String name, String type, String error, ActorRef<?> child)
      implements Command {}

  record ChildStopped(Key key, ActorRef<?> child) implements Command {}

  record Key(ForwardStatus.Kind kind, Direction direction, String name) {}

  private record Child(ActorRef<?> ref, String type, ForwardCounters counters, boolean started) {}

  private record Failure(String type, String error) {}

  /** The bridge between {@code ros1} and {@code ros2} (see {@link BridgeSide#ros1}, {@link BridgeSide#ros2}). */
  public static Behavior<Command> create(BridgeSide ros1, BridgeSide ros2, BridgeSettings settings) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      ActorRef<Command> self = ctx.getSelf();
      Registration w1 = ros1.system().watchGraph(g -> self.tell(new GraphChanged(Direction.ROS1_TO_ROS2, g)));
      Registration w2 = ros2.system().watchGraph(g -> self.tell(new GraphChanged(Direction.ROS2_TO_ROS1, g)));
      Registration p1 = ros1.watch().onChange(() -> self.tell(new PublishersChanged()));
      Registration p2 = ros2.watch().onChange(() -> self.tell(new PublishersChanged()));
      ctx.getLog().info("Bridge between {} and {}: ros1-to-ros2 {}, ros2-to-ros1 {}", ros1.system().description(),
          ros2.system().description(), settings.ros1ToRos2(), settings.ros2ToRos1());
      return new Running(ctx, timers, ros1, ros2, settings, new Translations(), List.of(w1, w2, p1, p2)).behavior(State.EMPTY);
    }));
  }

  /** Immutable state: the last graph of each side, the children, the failures, the echo filters. */
  private record State(Map<Direction, GraphSnapshot> graphs, Map<Key, Child> children, Map<Key, Failure> failures,
      Map<String, EchoFilter> echoes, long spawned) {
    static final State EMPTY = new State(Map.of(), Map.of(), Map.of(), Map.of(), 0);

    State withGraph(Direction d, GraphSnapshot g) {
      return new State(put(graphs, d, g), children, failures, echoes, spawned);
    }

    State withChildren(Map<Key, Child> c) {
      return new State(graphs, c, failures, echoes, spawned);
    }

    State withFailures(Map<Key, Failure> f) {
      return new State(graphs, children, f, echoes, spawned);
    }

    State withEchoes(Map<String, EchoFilter> e) {
      return new State(graphs, children, failures, e, spawned);
    }

    State counted() {
      return new State(graphs, children, failures, echoes, spawned + 1);
    }
  }

  private record Running(ActorContext<Command> ctx, TimerScheduler<Command> timers, BridgeSide ros1, BridgeSide ros2, BridgeSettings settings,
      Translations translations, List<Registration> watches) {

    Behavior<Command> behavior(State s) {
      return Behaviors.receive(Command.class)
          .onMessage(GraphChanged.class, m -> behavior(reconcile(s.withGraph(m.from(), m.graph()))))
          .onMessage(PublishersChanged.class, m -> behavior(reconcile(s)))
          .onMessage(Linger.class, m -> behavior(linger(s, m.key())))
          .onMessage(Status.class, m -> {
            m.replyTo().tell(status(s));
            return Behaviors.same();
          })
          .onMessage(ForwardStarted.class, m -> {
            Key key = new Key(m.kind(), m.direction(), m.name());
            Child c = s.children().get(key);
            if (c == null || !c.ref().equals(m.child())) {
              return Behaviors.same();
            }
            return behavior(s.withChildren(put(s.children(), key, new Child(c.ref(), c.type(), c.counters(), true))));
          })
          .onMessage(ForwardFailed.class, m -> {
            Key key = new Key(m.kind(), m.direction(), m.name());
            Child c = s.children().get(key);
            if (c == null || !c.ref().equals(m.child())) {
              return Behaviors.same();
            }
            State next = s.withChildren(without(s.children(), key)).withFailures(put(s.failures(), key, new Failure(m.type(), m.error())));
            return behavior(armEchoes(next));
          })
          .onMessage(ChildStopped.class, m -> {
            Child c = s.children().get(m.key());
            if (c == null || !c.ref().equals(m.child())) {
              return Behaviors.same();
            }
            return behavior(armEchoes(s.withChildren(without(s.children(), m.key()))));
          })
          .onSignal(PostStop.class, sig -> {
            watches.forEach(Registration::cancel);
            return Behaviors.same();
          })
          .build();
    }

    private BridgeSide source(Direction d) {
      return d == Direction.ROS1_TO_ROS2 ? ros1 : ros2;
    }

    private BridgeSide target(Direction d) {
      return d == Direction.ROS1_TO_ROS2 ? ros2 : ros1;
    }

    /**
     * Starts and stops children so that they match the patterns and the publishers (servers) of
     * both graphs.
     */
    private State reconcile(State s) {
      State next = s;
      for (Direction d : Direction.values()) {
        for (ForwardStatus.Kind kind : ForwardStatus.Kind.values()) {
          next = reconcile(next, kind, d, wanted(s, kind, d));
        }
      }
      return armEchoes(next);
    }

    /** Reconciles one kind and direction with what its source graph offers now (name to type). */
    private State reconcile(State s, ForwardStatus.Kind kind, Direction d, Map<String, String> wanted) {
      State next = s;
      for (Map.Entry<Key, Child> e : List.copyOf(next.children().entrySet())) {
        Key key = e.getKey();
        if (key.kind() != kind || key.direction() != d) {
          continue;
        }
        String now = wanted.get(key.name());
        if (now == null && !timers.isTimerActive(key)) {
          // A graph may show a publisher or server gone for a moment (a master poll, a restarting node).
          timers.startSingleTimer(key, new Linger(key), settings.linger());
        } else if (now != null && !now.equals(e.getValue().type())) {
          next = stop(next, key, "its type changed to " + now);
        } else if (now != null) {
          timers.cancel(key);
        }
      }
      for (Map.Entry<Key, Failure> e : List.copyOf(next.failures().entrySet())) {
        Key key = e.getKey();
        String now = wanted.get(key.name());
        if (key.kind() == kind && key.direction() == d && (now == null || !now.equals(e.getValue().type()))) {
          next = next.withFailures(without(next.failures(), key));
        }
      }
      for (Map.Entry<String, String> w : wanted.entrySet()) {
        Key key = new Key(kind, d, w.getKey());
        if (!next.children().containsKey(key) && !next.failures().containsKey(key)) {
          next = spawn(next, key, w.getValue());
        }
      }
      return next;
    }

    private State linger(State s, Key key) {
      Child c = s.children().get(key);
      if (c == null || wanted(s, key.kind(), key.direction()).containsKey(key.name())) {
        return s;
      }
      String why = key.kind() == ForwardStatus.Kind.TOPIC ? "no publisher but the bridge's, or no longer matched"
          : "no server but the bridge's, or no longer matched";
      return armEchoes(stop(s, key, why));
    }

    private State stop(State s, Key key, String why) {
      ctx.getLog().info("Stopped forwarding {}{} {}: {}", key.kind() == ForwardStatus.Kind.SERVICE ? "service " : "", key.direction(),
          key.name(), why);
      timers.cancel(key);
      ctx.stop(s.children().get(key).ref());
      return s.withChildren(without(s.children(), key));
    }

    /** The topics (services) of a direction's source graph that it forwards now, name to type. */
    private Map<String, String> wanted(State s, ForwardStatus.Kind kind, Direction d) {
      GraphSnapshot graph = s.graphs().getOrDefault(d, GraphSnapshot.EMPTY);
      Map<String, String> wanted = new HashMap<>();
      if (kind == ForwardStatus.Kind.TOPIC) {
        for (TopicInfo t : graph.topics().values()) {
          if (!t.type().isEmpty() && settings.filter(d).allows(t.name()) && source(d).publishers().any(t.name(), graph)) {
            wanted.put(t.name(), t.type());
          }
        }
      } else {
        for (ServiceInfo sv : graph.services().values()) {
          if (!sv.type().isEmpty() && settings.services().filter(d).allows(sv.name()) && source(d).servers().any(sv.name(), graph)) {
            wanted.put(sv.name(), sv.type());
          }
        }
      }
      return wanted;
    }

    private State spawn(State s, Key key, String type) {
      return key.kind() == ForwardStatus.Kind.TOPIC ? spawnTopic(s, key, new TopicInfo(key.name(), type))
          : spawnService(s, key, new ServiceInfo(key.name(), type));
    }

    private State spawnTopic(State s, Key key, TopicInfo topic) {
      Map<String, EchoFilter> echoes = s.echoes();
      EchoFilter echo = echoes.get(topic.name());
      if (echo == null) {
        echo = new EchoFilter();
        echoes = put(echoes, topic.name(), echo);
      }
      ForwardCounters counters = new ForwardCounters();
      ForwardActor.Setup setup = new ForwardActor.Setup(key.direction(), topic, source(key.direction()), target(key.direction()),
          translations, echo, counters, settings, ctx.getSelf());
      ActorRef<ForwardActor.Command> child = ctx.spawn(supervised(ForwardActor.create(setup)), childName(s, key));
      ctx.watchWith(child, new ChildStopped(key, child));
      return s.withEchoes(echoes).withChildren(put(s.children(), key, new Child(child, topic.type(), counters, false))).counted();
    }

    private State spawnService(State s, Key key, ServiceInfo service) {
      ForwardCounters counters = new ForwardCounters();
      ServiceForwardActor.Setup setup = new ServiceForwardActor.Setup(key.direction(), service, source(key.direction()),
          target(key.direction()), translations, counters, settings, ctx.getSelf());
      ActorRef<ServiceForwardActor.Command> child = ctx.spawn(supervised(ServiceForwardActor.create(setup)), childName(s, key));
      ctx.watchWith(child, new ChildStopped(key, child));
      return s.withChildren(put(s.children(), key, new Child(child, service.type(), counters, false))).counted();
    }

    private <T> Behavior<T> supervised(Behavior<T> child) {
      return Behaviors.supervise(child).onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2));
    }

    private static String childName(State s, Key key) {
      String kind = key.kind() == ForwardStatus.Kind.SERVICE ? "service-" : "";
      return kind + key.direction().configName() + "-" + java.net.URLEncoder.encode(key.name(), java.nio.charset.StandardCharsets.UTF_8)
          + "-" + s.spawned();
    }

    /** Arms the echo filter of each topic forwarded both ways, disarms the others. */
    private State armEchoes(State s) {
      Map<String, EchoFilter> kept = new HashMap<>();
      for (Map.Entry<String, EchoFilter> e : s.echoes().entrySet()) {
        boolean to2 = s.children().containsKey(new Key(ForwardStatus.Kind.TOPIC, Direction.ROS1_TO_ROS2, e.getKey()));
        boolean to1 = s.children().containsKey(new Key(ForwardStatus.Kind.TOPIC, Direction.ROS2_TO_ROS1, e.getKey()));
        e.getValue().arm(to2 && to1);
        if (to2 || to1) {
          kept.put(e.getKey(), e.getValue());
        }
      }
      return s.withEchoes(kept);
    }

    private List<ForwardStatus> status(State s) {
      List<ForwardStatus> out = new ArrayList<>();
      s.children().forEach((k, c) -> out.add(new ForwardStatus(k.kind(), k.direction(), k.name(), c.type(),
          c.started() ? ForwardStatus.State.FORWARDING : ForwardStatus.State.STARTING, c.counters().lastDrop.get(),
          c.counters().forwarded.get(), c.counters().dropped.get(), c.counters().echoes.get())));
      s.failures().forEach((k, f) -> out.add(new ForwardStatus(k.kind(), k.direction(), k.name(), f.type(),
          ForwardStatus.State.FAILED, f.error(), 0, 0, 0)));
      out.sort(java.util.Comparator.comparing(ForwardStatus::kind).thenComparing(ForwardStatus::direction).thenComparing(ForwardStatus::name));
      return List.copyOf(out);
    }
  }

  private static <K, V> Map<K, V> put(Map<K, V> m, K k, V v) {
    Map<K, V> out = new HashMap<>(m);
    out.put(k, v);
    return Map.copyOf(out);
  }

  private static <K, V> Map<K, V> without(Map<K, V> m, K k) {
    Map<K, V> out = new HashMap<>(m);
    out.remove(k);
    return Map.copyOf(out);
  }

  /** The names in a status list, for logs. */
  static Set<String> names(List<ForwardStatus> status) {
    Set<String> out = new TreeSet<>();
    status.forEach(t -> out.add(t.direction() + " " + t.name()));
    return out;
  }
}
