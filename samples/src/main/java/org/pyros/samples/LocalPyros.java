package org.pyros.samples;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.expose.Exposure;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * What the samples' mains run on: an in-memory graph, one Pyros node exposing {@code exposure},
 * and a client. In an application the graph would be the ROS1 system instead.
 */
public final class LocalPyros implements AutoCloseable {
  private final ActorSystem<Void> actors;
  private final InMemorySystem graph;
  private final ActorRef<PyrosNode.Command> node;
  private final PyrosClient client;

  private LocalPyros(ActorSystem<Void> actors, InMemorySystem graph, ActorRef<PyrosNode.Command> node) {
    this.actors = actors;
    this.graph = graph;
    this.node = node;
    this.client = ActorPyrosClient.create(actors, node);
  }

  /** Starts the actor system, the graph and the node. */
  public static LocalPyros start(String name, Exposure exposure) {
    ActorSystem<Void> actors = ActorSystem.create(Behaviors.empty(), name, ConfigFactory.load("samples"));
    InMemorySystem graph = new InMemorySystem();
    NodeSettings settings = NodeSettings.fromConfig(actors.settings().config()).withExposure(exposure);
    ActorRef<PyrosNode.Command> node = actors.systemActorOf(PyrosNode.create(graph, settings), "pyros-node", Props.empty());
    return new LocalPyros(actors, graph, node);
  }

  public ActorSystem<Void> actors() {
    return actors;
  }

  /** The graph, where the samples' simulated "other nodes" live. */
  public InMemorySystem graph() {
    return graph;
  }

  public ActorRef<PyrosNode.Command> node() {
    return node;
  }

  public PyrosClient client() {
    return client;
  }

  /** Waits until the node sees {@code service} in the graph (it learns the graph asynchronously). */
  public void awaitService(String service, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (client.services().toCompletableFuture().join().stream().noneMatch(s -> s.name().equals(service))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the node did not see " + service + " within " + timeout.toMillis() + " ms");
      }
      Thread.sleep(5);
    }
  }

  /** Waits until the node sees {@code topic} in the graph. */
  public void awaitTopic(String topic, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (client.topics().toCompletableFuture().join().stream().noneMatch(t -> t.name().equals(topic))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the node did not see " + topic + " within " + timeout.toMillis() + " ms");
      }
      Thread.sleep(5);
    }
  }

  /** Stops the actor system (waiting up to 10 s) and closes the graph. */
  @Override
  public void close() {
    try {
      actors.terminate();
      actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      org.slf4j.LoggerFactory.getLogger(LocalPyros.class).warn("The actor system did not stop cleanly", e);
    } finally {
      graph.close();
    }
  }
}
