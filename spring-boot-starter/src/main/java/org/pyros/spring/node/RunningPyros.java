package org.pyros.spring.node;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.node.PyrosNode;
import org.pyros.spring.config.PyrosProperties.SystemKind;

/**
 * A started Pyros node (or, on a cluster member that does not host it, a client of it): what
 * the application reaches it by, and how to stop it. Closing unregisters the node from the
 * graph and stops the actor system.
 */
public final class RunningPyros implements AutoCloseable {
  private final SystemKind kind;
  private final String description;
  private final ActorSystem<?> actors;
  private final ActorRef<PyrosNode.Command> node;
  private final PyrosClient client;
  private final GraphCheck graph;
  private final Map<String, Object> facts;
  private final BooleanSupplier up;
  private final Runnable stop;
  private final org.pyros.core.metrics.PyrosMetrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();

  RunningPyros(SystemKind kind, String description, ActorSystem<?> actors, ActorRef<PyrosNode.Command> node,
      PyrosClient client, GraphCheck graph, Map<String, Object> facts, BooleanSupplier up, Runnable stop,
      org.pyros.core.metrics.PyrosMetrics metrics) {
    this.metrics = metrics;
    this.kind = kind;
    this.description = description;
    this.actors = actors;
    this.node = node;
    this.client = client;
    this.graph = graph;
    this.facts = Map.copyOf(facts);
    this.up = up;
    this.stop = stop;
  }

  /** The node's and the client's meters (a Micrometer {@code MeterBinder}; docs/METRICS.md). */
  public org.pyros.core.metrics.PyrosMetrics metrics() {
    return metrics;
  }

  /** The graph the node runs on. */
  public SystemKind kind() {
    return kind;
  }

  /** The system in words, e.g. {@code ros1 http://127.0.0.1:11311}. */
  public String description() {
    return description;
  }

  /** The actor system the node (or the client) runs in. */
  public ActorSystem<?> actors() {
    return actors;
  }

  /** The node actor (in a cluster: the node wherever it runs). */
  public ActorRef<PyrosNode.Command> node() {
    return node;
  }

  /** The node's plain Java client. */
  public PyrosClient client() {
    return client;
  }

  /** Checks that the graph can be reached. */
  public GraphCheck graph() {
    return graph;
  }

  /** What the node is, for the info endpoint: node name, master URI or domain, exposure. */
  public Map<String, Object> facts() {
    return facts;
  }

  /** True until closed, while the node runs (a ROS node told to shut down is not up) and its actor system does. */
  public boolean isUp() {
    return !closed.get() && !actors.whenTerminated().isCompleted() && up.getAsBoolean();
  }

  /** Stops the node (unregistering it from the graph) and the actor system; once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stop.run();
    }
  }
}
