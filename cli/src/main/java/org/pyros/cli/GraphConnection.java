package org.pyros.cli;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.GraphSystem;

/**
 * One short-lived Pyros node for a command, on ROS 1 ({@link RosConnection}) or ROS 2
 * ({@link Ros2Connection}): a {@link PyrosRuntime} (actor system, system, a node exposing
 * everything, its client), and how long to wait for the node to learn the graph.
 */
abstract class GraphConnection implements AutoCloseable {
  /** Upper bound of any single request of a command (the node's own timeouts are shorter). */
  static final Duration REQUEST_LIMIT = Duration.ofSeconds(30);

  private final PyrosRuntime runtime;
  private final Duration graphWait;

  GraphConnection(PyrosRuntime runtime, Duration graphWait) {
    this.runtime = runtime;
    this.graphWait = graphWait;
  }

  /**
   * Starts a runtime of its own actor system on the system {@code systems} starts; {@code
   * latched} topics are published latched. Start waits for the node to be ready at most {@code
   * graphWait}.
   */
  static PyrosRuntime start(Config config, Function<ActorSystem<?>, CompletionStage<? extends GraphSystem>> systems,
      NameFilter latched, Duration graphWait) {
    return await(PyrosRuntime.builder()
        .newActorSystem("pyros-cli", config)
        .graph(systems)
        .nodeSettings(s -> s.withLatched(latched))
        .readyTimeout(graphWait)
        .start());
  }

  PyrosClient client() {
    return runtime.client();
  }

  GraphSystem system() {
    return runtime.system();
  }

  /** The actor system the node runs in. */
  ActorSystem<?> actors() {
    return runtime.actors();
  }

  /** The node actor. */
  ActorRef<PyrosNode.Command> node() {
    return runtime.node();
  }

  /** The topics of the graph by name with their types, as the graph itself knows them now. */
  abstract Map<String, String> graphTopics();

  /** The services of the graph by name, as the graph itself knows them now. */
  abstract java.util.Set<String> graphServices();

  /** The nodes of the graph by name, this command's own node left out. */
  abstract Map<String, NodeInfo> graphNodes();

  /** Where the graph is, for messages: "the ROS master at ...", "ROS 2 domain 0". */
  abstract String where();

  /** This connection as a ROS 1 one, for the commands that only ROS 1 has yet. */
  abstract RosConnection ros1(String command);

  Duration graphWait() {
    return graphWait;
  }

  /** Stops the node, closes the system (unregistering from the graph) and stops the actor system. */
  @Override
  public void close() {
    runtime.close();
  }

  /**
   * Asks {@code attempt} until its value passes {@code done} or the graph wait is over, then
   * returns the last value (which may not pass). Failures count as not done.
   */
  <T> T poll(Supplier<CompletionStage<T>> attempt, Predicate<T> done) {
    long deadline = System.nanoTime() + graphWait.toNanos();
    T last = null;
    RuntimeException failure = null;
    while (true) {
      try {
        last = await(attempt.get());
        failure = null;
        if (done.test(last)) {
          return last;
        }
      } catch (PyrosException e) {
        failure = e;
      }
      if (System.nanoTime() > deadline) {
        if (last == null && failure != null) {
          throw failure;
        }
        return last;
      }
      try {
        Thread.sleep(100); // the node learns the graph in the background; no event to wait on here
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure("interrupted", e);
      }
    }
  }

  /** Waits for a stage, within {@link #REQUEST_LIMIT}, rethrowing its failure as a PyrosException. */
  static <T> T await(CompletionStage<T> stage) {
    return await(stage, REQUEST_LIMIT);
  }

  /** Waits for a stage, within {@code limit}, rethrowing its failure as a PyrosException. */
  static <T> T await(CompletionStage<T> stage, Duration limit) {
    try {
      return stage.toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw PyrosException.of(e.getCause(), ErrorCode.SYSTEM_FAILURE);
    } catch (TimeoutException e) {
      throw new PyrosException(ErrorCode.TIMEOUT, "no answer within " + limit.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted", e);
    }
  }

}
