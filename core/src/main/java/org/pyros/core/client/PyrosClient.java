package org.pyros.core.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.pyros.core.expose.Exposure;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.node.TopicEvent;

/**
 * The plain Java face of a Pyros node, for code that is not an actor (a servlet, a thread pool,
 * a job worker). Every method is non-blocking and thread-safe; a failed stage carries a
 * {@link org.pyros.core.error.PyrosException} with an {@link org.pyros.core.error.ErrorCode}.
 *
 * <p>Obtain one from {@link ActorPyrosClient#create} (same JVM) or from the cluster module.
 */
public interface PyrosClient {

  /** Publishes a message on a topic. */
  CompletionStage<Done> publish(String topic, Message message);

  /**
   * Publishes without waiting for an answer, as a ROS publisher does: the fast path for streams
   * of messages. A refusal (not exposed, wrong type) is logged by the node, not reported here;
   * use {@link #publish} to learn of it.
   */
  void send(String topic, Message message);

  /** Publishes a message given as JSON, in the topic's type (see {@link org.pyros.core.msg.MessageJson}). */
  CompletionStage<Done> publishJson(String topic, String json);

  /**
   * The last message seen on a topic, or empty when none was seen yet. A message published
   * through this node counts from the moment its publish completes.
   */
  CompletionStage<Optional<Message>> latest(String topic);

  /**
   * Calls {@code onMessage} with every later message of the topic until the subscription is
   * cancelled. Callbacks run one at a time; while one is slow, at most {@code
   * pyros.topic.queue-size} messages wait and the oldest are dropped beyond that (ROS
   * queue_size), so a slow callback never grows the heap.
   */
  CompletionStage<TopicSubscription> subscribe(String topic, Consumer<Message> onMessage);

  /** Like {@link #subscribe(String, Consumer)}, with every {@link TopicEvent} (gaps and end too). */
  CompletionStage<TopicSubscription> subscribeEvents(String topic, Consumer<TopicEvent> onEvent);

  /**
   * The topic's messages as a stream; at most {@code bufferSize} wait for a slow consumer (the
   * oldest are dropped beyond that). Cancelling the stream ends the subscription.
   */
  Source<Message, NotUsed> source(String topic, int bufferSize);

  /** The message type of a topic. */
  CompletionStage<MessageType> topicType(String topic);

  /**
   * A message type by name, e.g. {@code geometry_msgs/Twist}, as the node's system resolves it:
   * to build messages ({@link Message#of}, {@link Message#from}) for a topic nobody uses yet.
   * Fails {@code UNKNOWN_TYPE} when the system does not know the type.
   */
  CompletionStage<MessageType> messageType(String typeName);

  /** Calls a service with the default timeout. */
  CompletionStage<Message> call(String service, Message request);

  /** Calls a service with a timeout. */
  CompletionStage<Message> call(String service, Message request, Duration timeout);

  /** Calls a service with a request given as JSON; the response is a message. */
  CompletionStage<Message> callJson(String service, String requestJson);

  /** The request and response types of a service. */
  CompletionStage<ServiceType> serviceType(String service);

  /** A parameter's value (plain Java data), or empty when not set. */
  CompletionStage<Optional<Object>> param(String name);

  /**
   * A parameter's value as {@code type} ({@code Double.class}, {@code String.class}, {@code
   * Map.class}...), or empty when not set; numbers convert where nothing is lost (see {@link
   * org.pyros.core.node.ParamValue#as}). A value of another kind fails {@code BAD_MESSAGE}.
   */
  <T> CompletionStage<Optional<T>> param(String name, Class<T> type);

  /**
   * Calls {@code onChange} with the parameter's value (empty when not set; a namespace gives a
   * Map) as it is now, then after every change, until the watch is cancelled. On ROS 1 the node
   * follows the master's {@code paramUpdate} notifications; a system without notifications is
   * polled every second. Callbacks run one at a time; while one is slow, at most {@code
   * pyros.topic.queue-size} values wait and the oldest are dropped, so the latest value always
   * arrives. The stage completes once changes are followed.
   */
  CompletionStage<ParamWatch> watchParam(String name, Consumer<Optional<Object>> onChange);

  /**
   * Provides a service to the graph, answered by {@code handler}: each request's response, or a
   * failed stage (its message goes to the caller, as ROS service errors do). Requests may come
   * concurrently; the handler must answer within {@code pyros.service-timeout}. The stage
   * completes once the service is served (registered with the master on ROS 1); withdraw it
   * with {@link ProvidedService#withdraw()} or {@code close()}.
   */
  CompletionStage<ProvidedService> provideService(String service, String type,
      java.util.function.Function<Message, CompletionStage<Message>> handler);

  /** Sets a parameter; a Map sets a subtree. */
  CompletionStage<Done> setParam(String name, Object value);

  /** Deletes a parameter. */
  CompletionStage<Done> deleteParam(String name);

  /** The exposed topics in the graph. */
  CompletionStage<List<TopicInfo>> topics();

  /** The graph's nodes that use exposed names, each with its exposed names (empty where the system knows no nodes). */
  CompletionStage<List<NodeInfo>> nodes();

  /** The exposed services in the graph. */
  CompletionStage<List<ServiceInfo>> services();

  /** The exposed parameter names. */
  CompletionStage<List<String>> params();

  /** Replaces what the node exposes. */
  CompletionStage<Done> reconfigure(Exposure exposure);

  /**
   * Like {@link #subscribe(String, Consumer)}, for a topic whose type the caller knows: the node
   * subscribes in the graph at once under that type, as a ROS subscriber registers before any
   * publisher exists. Fails {@code BAD_MESSAGE} when the topic is known with another type, {@code
   * UNKNOWN_TYPE} when the node cannot resolve {@code type}.
   */
  CompletionStage<TopicSubscription> subscribe(String topic, String type, Consumer<Message> onMessage);

  /** Like {@link #subscribeEvents(String, Consumer)}, with the topic's type given (see {@link #subscribe(String, String, Consumer)}). */
  CompletionStage<TopicSubscription> subscribeEvents(String topic, String type, Consumer<TopicEvent> onEvent);

  /**
   * Publishes a message given as JSON in the named type, e.g. {@code geometry_msgs/Twist},
   * advertising the topic if nobody has yet (as {@link #publish} does).
   */
  CompletionStage<Done> publishJson(String topic, String type, String json);

  /**
   * Completes once the node has the topic in its view of the graph and knows its type; fails
   * {@code TIMEOUT} when it does not within {@code timeout}.
   */
  CompletionStage<TopicInfo> awaitTopic(String topic, Duration timeout);

  /**
   * Completes once the node has the service in its view of the graph and knows its type; fails
   * {@code TIMEOUT} when it does not within {@code timeout}.
   */
  CompletionStage<ServiceInfo> awaitService(String service, Duration timeout);

  /** A running watch of a parameter. */
  interface ParamWatch {
    /** Ends the watch; values still queued are dropped (a callback already running finishes). */
    CompletionStage<Done> cancel();
  }

  /** A service this client provides; closing it withdraws the service. */
  interface ProvidedService extends AutoCloseable {
    /**
     * Stops answering requests; the node then withdraws the service from the graph (on ROS 1,
     * unregisters it from the master). Completes once the handler answers no more.
     */
    CompletionStage<Done> withdraw();

    /** {@link #withdraw()}, waiting for it. */
    @Override
    default void close() {
      withdraw().toCompletableFuture().join();
    }
  }

  /** A running subscription. */
  interface TopicSubscription {
    /** Ends the subscription; messages still queued are dropped (a callback already running finishes). */
    CompletionStage<Done> cancel();
  }
}
