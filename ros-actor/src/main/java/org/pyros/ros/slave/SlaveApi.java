package org.pyros.ros.slave;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pyros.ros.xmlrpc.XmlRpcServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ROS1 node API ("slave API") every node serves over XML-RPC: how the master and other nodes
 * reach us. Answers follow ROS's {@code [code, statusMessage, value]} convention; malformed
 * calls get code -1 and a log line.
 */
public final class SlaveApi {
  private static final Logger log = LoggerFactory.getLogger(SlaveApi.class);
  private static final int SUCCESS = 1;
  private static final int FAILURE = 0;
  private static final int ERROR = -1;

  private final SlaveNode node;
  private final String nodeName;

  private SlaveApi(SlaveNode node, String nodeName) {
    this.node = node;
    this.nodeName = nodeName;
  }

  /** Registers every node API method on {@code server}. */
  public static void serve(XmlRpcServer server, SlaveNode node, String nodeName) {
    SlaveApi api = new SlaveApi(node, nodeName);
    server.register("getBusStats", p -> api.answer("getBusStats", p, 1, a -> ok("bus stats", List.of(List.of(), List.of(), List.of()))));
    server.register("getBusInfo", p -> api.answer("getBusInfo", p, 1, a -> ok("bus info", node.busInfo())));
    server.register("getMasterUri", p -> api.answer("getMasterUri", p, 1, a -> ok("", node.masterUri().toString())));
    server.register("getPid", p -> api.answer("getPid", p, 1, a -> ok("", (int) ProcessHandle.current().pid())));
    server.register("getSubscriptions", p -> api.answer("getSubscriptions", p, 1, a -> ok("subscriptions", node.subscriptions())));
    server.register("getPublications", p -> api.answer("getPublications", p, 1, a -> ok("publications", node.publications())));
    server.register("shutdown", p -> api.answer("shutdown", p, 1, api::shutdown));
    server.register("paramUpdate", p -> api.answer("paramUpdate", p, 3, a -> {
      node.paramUpdate(string(a, 1), a.get(2));
      return ok("", 0);
    }));
    server.register("publisherUpdate", p -> api.answer("publisherUpdate", p, 3, api::publisherUpdate));
    server.register("requestTopic", p -> api.answer("requestTopic", p, 3, api::requestTopic));
  }

  private interface Body {
    List<Object> apply(List<Object> params);
  }

  /** Checks the argument count and turns bad arguments into an error result, not a fault. */
  private CompletionStage<Object> answer(String method, List<Object> params, int minArgs, Body body) {
    if (params.size() < minArgs || !(params.get(0) instanceof String)) {
      log.warn("{} called with bad arguments {}", method, params);
      return done(List.of(ERROR, method + " takes " + minArgs + " arguments, the first a caller id", 0));
    }
    try {
      return done(body.apply(params));
    } catch (IllegalArgumentException | ClassCastException e) {
      log.warn("{} from {} refused: {}", method, params.get(0), e.getMessage());
      return done(List.of(ERROR, method + ": " + e.getMessage(), 0));
    }
  }

  private List<Object> shutdown(List<Object> a) {
    String reason = a.size() > 1 ? String.valueOf(a.get(1)) : "";
    node.shutdownRequested(string(a, 0), reason);
    return ok("shutdown", 0);
  }

  private List<Object> publisherUpdate(List<Object> a) {
    String topic = string(a, 1);
    if (!(a.get(2) instanceof List<?> list)) {
      throw new IllegalArgumentException("publishers must be a list of URIs");
    }
    List<URI> uris = new ArrayList<>();
    for (Object o : list) {
      uris.add(URI.create(String.valueOf(o)));
    }
    node.publisherUpdate(topic, uris);
    return ok("publisher update for " + topic, 0);
  }

  private List<Object> requestTopic(List<Object> a) {
    String topic = string(a, 1);
    if (!(a.get(2) instanceof List<?> protocols)) {
      throw new IllegalArgumentException("protocols must be a list");
    }
    Optional<InetSocketAddress> endpoint = node.tcprosEndpoint(topic);
    if (endpoint.isEmpty()) {
      return List.of(ERROR, nodeName + " does not publish " + topic, 0);
    }
    for (Object p : protocols) {
      if (p instanceof List<?> proto && !proto.isEmpty() && "TCPROS".equals(proto.get(0))) {
        InetSocketAddress at = endpoint.get();
        return List.of(SUCCESS, "ready on " + at.getHostString() + ":" + at.getPort(),
            List.of("TCPROS", at.getHostString(), at.getPort()));
      }
    }
    return List.of(FAILURE, "no supported protocol in " + protocols + "; " + nodeName + " speaks TCPROS", List.of());
  }

  private static String string(List<Object> a, int i) {
    if (!(a.get(i) instanceof String s)) {
      throw new IllegalArgumentException("argument " + i + " must be a string, got " + a.get(i));
    }
    return s;
  }

  private static List<Object> ok(String message, Object value) {
    return List.of(SUCCESS, message, value);
  }

  private static CompletionStage<Object> done(Object value) {
    return CompletableFuture.completedFuture(value);
  }
}
