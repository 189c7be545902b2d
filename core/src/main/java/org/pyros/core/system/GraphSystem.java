package org.pyros.core.system;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;

/**
 * The system behind a Pyros node: a graph of topics, services and params reached through one
 * connection. ROS1 implements it ({@code org.pyros.ros.RosSystem}); {@link
 * org.pyros.core.system.memory.InMemorySystem} implements it in memory for tests and demos.
 *
 * <p>Every method is non-blocking and thread-safe; callbacks may come on any thread. Failures
 * are reported through failed stages, preferably carrying a {@link
 * org.pyros.core.error.PyrosException}.
 */
public interface GraphSystem extends AutoCloseable {

  /** A short description for logs, e.g. {@code in-memory} or {@code ros1 http://127.0.0.1:11311}. */
  String description();

  /** The graph as it is now. */
  CompletionStage<GraphSnapshot> snapshot();

  /** Calls {@code listener} with a new snapshot whenever the graph changes (and once at start). */
  Registration watchGraph(Consumer<GraphSnapshot> listener);

  /**
   * Completes with the system's first complete view of the graph: the names in it and the types
   * of those names as far as they can be learnt (ROS 1 asks the master and probes each service
   * for its type). Watchers have been given that view before the stage completes. A system that
   * knows its graph at once (in memory) completes with {@link #snapshot()}; one whose graph is
   * not reachable yet (a master that is down) completes once it is.
   */
  default CompletionStage<GraphSnapshot> ready() {
    return snapshot();
  }

  /**
   * Completes once the system is closed, by {@link #close()} or from the graph's side (a ROS
   * node told to shut down); the node on it stops then. By default it never completes.
   */
  default CompletionStage<Done> whenClosed() {
    return new java.util.concurrent.CompletableFuture<>();
  }

  /** Resolves a message type by name, e.g. {@code std_msgs/String}. */
  CompletionStage<MessageType> messageType(String typeName);

  /** Resolves a service type by name, e.g. {@code std_srvs/SetBool}. */
  CompletionStage<ServiceType> serviceType(String typeName);

  /** Starts publishing on a topic, creating it in the graph if needed. */
  CompletionStage<TopicPublisher> advertise(TopicInfo topic, PublishOptions options);

  /**
   * Subscribes to a topic. Messages arrive in order per publisher; when the consumer falls
   * behind by {@code queueSize} messages the oldest are dropped.
   */
  CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage);

  /**
   * {@link #subscribe(TopicInfo, int, Consumer)}, running {@code onDrop} (quick, thread-safe) for
   * each message the subscription's queue drops, so the node can count them. A system without a
   * queue of its own ignores it (this default).
   */
  default CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage, Runnable onDrop) {
    return subscribe(topic, queueSize, onMessage);
  }

  /**
   * The bytes of serialized messages this system received on and published to {@code topic} since
   * it started (each message once), for the node's {@code pyros.topic.bytes} meters. Empty for a
   * system that serializes nothing, as the in-memory one (this default).
   */
  default Optional<TopicTraffic> traffic(String topic) {
    return Optional.empty();
  }

  /** Calls a service once. */
  CompletionStage<Message> call(ServiceInfo service, Message request, Duration timeout);

  /** Provides a service to the graph until the registration is cancelled. */
  CompletionStage<Registration> serve(ServiceInfo service, ServiceHandler handler);

  /** A parameter's value (plain Java: Boolean, Integer, Double, String, List, Map, byte[]), or empty. */
  CompletionStage<Optional<Object>> getParam(String name);

  /** Sets a parameter; a Map sets a whole subtree. */
  CompletionStage<Done> setParam(String name, Object value);

  /** Deletes a parameter; fails with NOT_FOUND when there is none. */
  CompletionStage<Done> deleteParam(String name);

  /** The names of all parameters (leaves), sorted. */
  CompletionStage<List<String>> paramNames();

  /**
   * Calls {@code onChange} with the parameter's value (a namespace gives a Map; empty when not
   * set) first as it is when the watch starts, then after each change, until the registration is
   * cancelled. Values come in order, one at a time; a consumer that falls behind sees the latest
   * value, not every intermediate one. The stage completes once changes are being followed.
   *
   * <p>This default polls {@link #getParam} every {@link ParamPolling#INTERVAL} and reports the
   * values that differ from the last one: a system whose graph notifies changes (ROS 1's
   * {@code subscribeParam}) overrides it. The first read failing fails the stage; later failed
   * reads are skipped.
   */
  default CompletionStage<Registration> watchParam(String name, Consumer<Optional<Object>> onChange) {
    return ParamPolling.start(this, name, onChange);
  }

  /** Releases every connection and registration. */
  @Override
  void close();
}
