package org.pyros.ros.system;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.TopicInfo;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.master.RosResult;
import org.pyros.ros.tcpros.ConnectionHeader;
import org.pyros.ros.tcpros.Subscription;
import org.pyros.ros.tcpros.SubscriptionListener;
import org.pyros.ros.tcpros.TopicSpec;
import org.pyros.ros.xmlrpc.XmlRpcClient;

/**
 * Learns a message type we have no file for from a publisher: connects to one publisher of a
 * topic of that type with md5sum {@code *} (as {@code rostopic} probes) and takes the
 * {@code message_definition} from its connection header, then disconnects.
 */
final class DefinitionProbe {
  private final MasterClient master;
  private final XmlRpcClient xmlrpc;
  private final String nodeName;
  private final Duration timeout;

  DefinitionProbe(MasterClient master, XmlRpcClient xmlrpc, String nodeName, Duration timeout) {
    this.master = master;
    this.xmlrpc = xmlrpc;
    this.nodeName = nodeName;
    this.timeout = timeout;
  }

  /** The full {@code message_definition} of {@code typeName}, from a publisher in the graph. */
  CompletionStage<String> learn(String typeName, GraphSnapshot graph, Function<String, List<String>> publishersOf) {
    Optional<String> publisherNode = Optional.empty();
    TopicInfo topic = null;
    for (TopicInfo t : graph.topics().values()) {
      List<String> nodes = publishersOf.apply(t.name());
      if (t.type().equals(typeName) && !nodes.isEmpty() && !nodes.contains(nodeName)) {
        topic = t;
        publisherNode = Optional.of(nodes.get(0));
        break;
      }
    }
    if (topic == null) {
      return CompletableFuture.failedFuture(new PyrosException(ErrorCode.UNKNOWN_TYPE, "unknown message type " + typeName
          + ": no definition on the ROS package path, and no publisher of it in the graph to learn it from"));
    }
    String topicName = topic.name();
    return master.lookupNode(publisherNode.get())
        .thenCompose(uri -> xmlrpc.call(uri, "requestTopic", nodeName, topicName, List.of(List.of("TCPROS"))))
        .thenApply(result -> RosResult.value("requestTopic", result, ErrorCode.NOT_FOUND))
        .thenCompose(value -> header(topicName, value))
        .thenApply(header -> {
          String definition = header.get(ConnectionHeader.MESSAGE_DEFINITION);
          if (definition == null || definition.isBlank() || !typeName.equals(header.get(ConnectionHeader.TYPE))) {
            throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "the publisher of " + topicName + " sent no definition of " + typeName);
          }
          return definition;
        });
  }

  /** Connects, takes the publisher's header, and closes. */
  private CompletionStage<Map<String, String>> header(String topic, Object requestTopicValue) {
    if (!(requestTopicValue instanceof List<?> p) || p.size() < 3 || !(p.get(1) instanceof String host)
        || !(p.get(2) instanceof Integer port)) {
      return CompletableFuture.failedFuture(new PyrosException(ErrorCode.UNKNOWN_TYPE,
          "the publisher of " + topic + " answered requestTopic with " + requestTopicValue));
    }
    CompletableFuture<Map<String, String>> header = new CompletableFuture<>();
    TopicSpec any = new TopicSpec(topic, "*", ConnectionHeader.ANY_MD5SUM, "");
    Subscription probe = Subscription.connect(nodeName, any, new InetSocketAddress(host, port), new SubscriptionListener() {
      @Override
      public void onConnected(Map<String, String> publisherHeader) {
        header.complete(publisherHeader);
      }

      @Override
      public void onMessage(ByteString message) {}

      @Override
      public void onDisconnected(Throwable cause, boolean willRetry) {
        if (!willRetry) {
          header.completeExceptionally(new PyrosException(ErrorCode.UNKNOWN_TYPE,
              "could not read the definition from the publisher of " + topic + (cause == null ? "" : ": " + cause.getMessage())));
        }
      }
    });
    return header.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((h, e) -> probe.close());
  }
}
