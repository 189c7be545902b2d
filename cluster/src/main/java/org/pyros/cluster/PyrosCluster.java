package org.pyros.cluster;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.pyros.cluster.link.LinkRoute;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.metrics.PyrosMetrics;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.GraphSystem;

/**
 * One Pyros node for a whole Pekko cluster. The node runs as a cluster singleton on the oldest
 * member with the node role ({@code pyros.cluster.node-role}) and moves to the next when that
 * member leaves or is downed; every member reaches it through {@link #node()} or
 * {@link #client()}, wherever it runs.
 *
 * <pre>{@code
 * // on members that may host the node (role pyros-node):
 * PyrosCluster cluster = PyrosCluster.host(system, InMemorySystem::new);
 * // on members that never host it:
 * PyrosCluster cluster = PyrosCluster.client(system);
 * cluster.client().publish("/chatter", message);
 * }</pre>
 */
public final class PyrosCluster {
  private final ActorRef<PyrosNode.Command> node;
  private final ActorRef<PyrosNode.Command> proxy;
  private final PyrosClient client;
  private final AtomicBoolean hosting;
  private final LinkRoute route;
  private final PyrosMetrics metrics;

  private PyrosCluster(ActorRef<PyrosNode.Command> node, ActorRef<PyrosNode.Command> proxy, PyrosClient client, AtomicBoolean hosting,
      LinkRoute route, PyrosMetrics metrics) {
    this.node = node;
    this.metrics = metrics;
    this.route = route;
    this.proxy = proxy;
    this.client = client;
    this.hosting = hosting;
  }

  /**
   * Joins the node's singleton on a member that may host it. When this member has the node role
   * and becomes the oldest such member, {@code systems} is called to start the graph system the
   * node uses (closed again when the node leaves this member). The node serves once the stage
   * completes; until then requests fail with {@code UNAVAILABLE}. A failed start (or one that
   * takes longer than {@code pyros.cluster.system-start-timeout}) is tried again with backoff.
   *
   * <pre>{@code
   * PyrosCluster cluster = PyrosCluster.host(system, () -> RosSystem.start(system));
   * }</pre>
   */
  public static PyrosCluster host(ActorSystem<?> system, GraphSystemStart systems) {
    ClusterSettings settings = ClusterSettings.fromConfig(system.settings().config());
    AtomicBoolean hosting = new AtomicBoolean();
    NodeSettings nodeSettings = NodeSettings.fromConfig(system.settings().config());
    PyrosMetrics metrics = new PyrosMetrics();
    return start(system, settings, NodeHost.create(systems, nodeSettings, settings, hosting, metrics), hosting, metrics);
  }

  /**
   * Like {@link #host(ActorSystem, GraphSystemStart)} for a graph system created synchronously,
   * e.g. {@code InMemorySystem::new}.
   */
  public static PyrosCluster host(ActorSystem<?> system, Supplier<? extends GraphSystem> systems) {
    return host(system, () -> CompletableFuture.completedFuture(systems.get()));
  }

  /**
   * Reaches the node from a member that never hosts it.
   *
   * @throws IllegalStateException when this member has the node role (it could be chosen to
   *     host the node, and has nothing to host it with)
   */
  public static PyrosCluster client(ActorSystem<?> system) {
    ClusterSettings settings = ClusterSettings.fromConfig(system.settings().config());
    if (Cluster.get(system).selfMember().hasRole(settings.nodeRole())) {
      throw new IllegalStateException("this member has the role " + settings.nodeRole()
          + " and could be chosen to host the Pyros node: use PyrosCluster.host, or give it another role");
    }
    return start(system, settings, NodeHost.refusing(), new AtomicBoolean(), new PyrosMetrics());
  }

  private static PyrosCluster start(ActorSystem<?> system, ClusterSettings settings, Behavior<Object> host, AtomicBoolean hosting,
      PyrosMetrics metrics) {
    SingletonActor<Object> singleton = SingletonActor.of(host, settings.singletonName())
        .withSettings(ClusterSingletonSettings.create(system).withRole(settings.nodeRole()));
    ActorRef<Object> proxy = ClusterSingleton.get(system).init(singleton);
    LinkRoute route = new LinkRoute();
    route.registerMeters(metrics.registry());
    ActorRef<Object> gateway = system.systemActorOf(NodeGateway.create(proxy, settings, route), "pyros-cluster-gateway", Props.empty());
    ActorRef<PyrosNode.Command> node = gateway.narrow();
    // The node runs wherever the singleton is: the runtime here is its client (complete at once).
    PyrosClient client = PyrosRuntime.builder().actorSystem(system).node(node, route).metrics(metrics).start()
        .toCompletableFuture().join().client();
    return new PyrosCluster(node, proxy.narrow(), client, hosting, route, metrics);
  }

  /**
   * The node as an actor: the node's whole protocol, with subscriptions that survive a move of
   * the node (the subscriber gets a {@code TopicEvent.Gap}) and fast {@code UNAVAILABLE}
   * failures while it moves.
   */
  public ActorRef<PyrosNode.Command> node() {
    return node;
  }

  /** The plain singleton proxy, without the additions of {@link #node()}. */
  public ActorRef<PyrosNode.Command> singletonProxy() {
    return proxy;
  }

  /**
   * The node as a {@link PyrosClient}, backed by {@link #node()}; from a member that does not host
   * the node, its requests take the request link to the node's host while it is open (see
   * {@code pyros.cluster.request-link}).
   */
  public PyrosClient client() {
    return client;
  }

  /**
   * Where {@link #client()}'s requests go over a request link now: the node's host; empty while
   * they go as actor messages (the node runs here, the link is off or not open yet, or the host
   * is unreachable).
   */
  public Optional<InetSocketAddress> requestLink() {
    return route.current();
  }

  /**
   * This member's meters (docs/METRICS.md): the node's while it runs here, the client's, and the
   * request link's; {@code cluster.metrics().bindTo(registry)}.
   */
  public PyrosMetrics metrics() {
    return metrics;
  }

  /** True while the node runs in this JVM. */
  public boolean hostsNode() {
    return hosting.get();
  }
}
