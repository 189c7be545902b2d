package org.pyros.samples;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.expose.Exposure;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * What the samples' mains run on: a {@link PyrosRuntime} on an in-memory graph, one Pyros node
 * exposing {@code exposure}, and a client. In an application the graph would be the ROS1 system
 * ({@code RosPyros}) instead.
 */
public final class LocalPyros implements AutoCloseable {
  private final PyrosRuntime runtime;
  private final InMemorySystem graph;

  private LocalPyros(PyrosRuntime runtime) {
    this.runtime = runtime;
    this.graph = (InMemorySystem) runtime.system();
  }

  /** Starts the actor system, the graph and the node. */
  public static LocalPyros start(String name, Exposure exposure) {
    CompletionStage<PyrosRuntime> started = PyrosRuntime.builder()
        .newActorSystem(name, ConfigFactory.load("samples"))
        .graph(actors -> CompletableFuture.completedFuture(new InMemorySystem()))
        .exposure(exposure)
        .start();
    try {
      return new LocalPyros(started.toCompletableFuture().get(30, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Pyros", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Pyros did not start: " + e.getMessage(), e);
    }
  }

  public ActorSystem<?> actors() {
    return runtime.actors();
  }

  /** The graph, where the samples' simulated "other nodes" live. */
  public InMemorySystem graph() {
    return graph;
  }

  public ActorRef<PyrosNode.Command> node() {
    return runtime.node();
  }

  public PyrosClient client() {
    return runtime.client();
  }

  /** Waits until the node sees {@code service} in the graph ({@link PyrosClient#awaitService}). */
  public void awaitService(String service, Duration timeout) throws InterruptedException {
    await(runtime.client().awaitService(service, timeout));
  }

  /** Waits until the node sees {@code topic} in the graph ({@link PyrosClient#awaitTopic}). */
  public void awaitTopic(String topic, Duration timeout) throws InterruptedException {
    await(runtime.client().awaitTopic(topic, timeout));
  }

  private static void await(CompletionStage<?> stage) throws InterruptedException {
    try {
      stage.toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Stops the node, closes the graph and stops the actor system (waiting up to 10 s each). */
  @Override
  public void close() {
    runtime.close();
  }
}
