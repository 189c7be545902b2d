package org.pyros.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.system.GraphSystem;

/**
 * One short-lived Pyros node for a command, on ROS 1 ({@link RosConnection}) or ROS 2
 * ({@link Ros2Connection}): the system, a node exposing everything, its client, and how long to
 * wait for the node to learn the graph.
 */
abstract class GraphConnection implements AutoCloseable {
  /** Upper bound of any single request of a command (the node's own timeouts are shorter). */
  static final Duration REQUEST_LIMIT = Duration.ofSeconds(30);

  private final Duration graphWait;

  GraphConnection(Duration graphWait) {
    this.graphWait = graphWait;
  }

  abstract PyrosClient client();

  abstract GraphSystem system();

  /** The actor system the node runs in. */
  abstract org.apache.pekko.actor.typed.ActorSystem<Void> actors();

  /** The node actor. */
  abstract org.apache.pekko.actor.typed.ActorRef<org.pyros.core.node.PyrosNode.Command> node();

  /** The topics of the graph by name with their types, as the graph itself knows them now. */
  abstract Map<String, String> graphTopics();

  /** The nodes of the graph by name, this command's own node left out. */
  abstract Map<String, NodeInfo> graphNodes();

  /** Where the graph is, for messages: "the ROS master at ...", "ROS 2 domain 0". */
  abstract String where();

  /** This connection as a ROS 1 one, for the commands that only ROS 1 has yet. */
  abstract RosConnection ros1(String command);

  Duration graphWait() {
    return graphWait;
  }

  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  /** Leaves the graph and stops the node; only the first call does anything. */
  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      leave();
    }
  }

  /** Leaves the graph and stops the node. */
  abstract void leave();

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
