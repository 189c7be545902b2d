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
 * reach us. Answers follow ROS's {@code [code, statusMessage, value]} convention. As in rospy, a
 * call with the wrong number or types of arguments is answered with code -1 and a message (never
 * a fault), and so is a request about a topic or parameter this node has nothing to do with.
 */
public final class SlaveApi {
  private static final Logger log = LoggerFactory.getLogger(SlaveApi.class);
  private static final int SUCCESS = 1;
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
    api.method(server, "getBusStats", 1, List.of(), a -> ok("bus stats", node.busStats()));
    api.method(server, "getBusInfo", 1, List.of(), a -> ok("bus info", node.busInfo()));
    api.method(server, "getMasterUri", 1, "", a -> ok(node.masterUri().toString(), node.masterUri().toString()));
    api.method(server, "getPid", 1, -1, a -> ok("", (int) ProcessHandle.current().pid()));
    api.method(server, "getSubscriptions", 1, List.of(), a -> ok("subscriptions", node.subscriptions()));
    api.method(server, "getPublications", 1, List.of(), a -> ok("publications", node.publications()));
    api.method(server, "shutdown", 2, 0, api::shutdown);
    api.method(server, "paramUpdate", 3, -1, api::paramUpdate);
    api.method(server, "publisherUpdate", 3, -1, api::publisherUpdate);
    api.method(server, "requestTopic", 3, List.of(), api::requestTopic);
  }

  private interface Body {
    List<Object> apply(List<Object> params);
  }

  /**
   * Serves {@code name}, which takes exactly {@code arity} arguments, the first a caller id;
   * {@code errorValue} is the third element of an error answer (rospy's value per method).
   */
  private void method(XmlRpcServer server, String name, int arity, Object errorValue, Body body) {
    server.register(name, params -> done(answer(name, arity, errorValue, params, body)));
  }

  private List<Object> answer(String method, int arity, Object errorValue, List<Object> params, Body body) {
    if (params.isEmpty()) {
      return refuse(method, params, "missing required caller_id parameter", errorValue);
    }
    if (params.size() != arity) {
      return refuse(method, params, "bad call arity: " + method + " takes " + arity + " arguments, got " + params.size(), errorValue);
    }
    if (!(params.get(0) instanceof String)) {
      return refuse(method, params, "caller_id must be a string", errorValue);
    }
    try {
      return body.apply(params);
    } catch (IllegalArgumentException e) {
      return refuse(method, params, e.getMessage(), errorValue);
    }
  }

  private static List<Object> refuse(String method, List<Object> params, String why, Object errorValue) {
    String caller = !params.isEmpty() && params.get(0) instanceof String s ? s : "?";
    log.warn("{} from {} refused: {}", method, caller, why);
    return List.of(ERROR, why, errorValue);
  }

  private List<Object> shutdown(List<Object> a) {
    String caller = (String) a.get(0);
    String reason = a.get(1) == null ? "" : String.valueOf(a.get(1));
    if (!node.shutdownRequested(caller, reason)) {
      return List.of(ERROR, nodeName + " does not shut down on request (its configuration forbids it)", 0);
    }
    return ok("shutdown", 0);
  }

  private List<Object> paramUpdate(List<Object> a) {
    String key = globalName(a, 1, "parameter_key");
    if (!node.paramUpdate(key, a.get(2))) {
      return List.of(ERROR, nodeName + " is not subscribed to parameter " + key, 0);
    }
    return ok("", 0);
  }

  private List<Object> publisherUpdate(List<Object> a) {
    String topic = topic(a, 1);
    if (!(a.get(2) instanceof List<?> list)) {
      throw new IllegalArgumentException("parameter [publishers] must be a list");
    }
    List<URI> uris = new ArrayList<>(list.size());
    for (Object o : list) {
      uris.add(nodeUri(o));
    }
    if (!node.publisherUpdate(topic, uris)) {
      return List.of(ERROR, nodeName + " does not subscribe to " + topic, 0);
    }
    return ok("publisher update for " + topic, 0);
  }

  private List<Object> requestTopic(List<Object> a) {
    String topic = topic(a, 1);
    if (!(a.get(2) instanceof List<?> protocols) || protocols.isEmpty()) {
      throw new IllegalArgumentException("parameter [protocols] must be a non-empty list");
    }
    Optional<InetSocketAddress> endpoint = node.tcprosEndpoint(topic);
    if (endpoint.isEmpty()) {
      return List.of(ERROR, nodeName + " does not publish " + topic, List.of());
    }
    for (Object p : protocols) {
      if (p instanceof List<?> proto && !proto.isEmpty() && "TCPROS".equals(proto.get(0))) {
        InetSocketAddress at = endpoint.get();
        return List.of(SUCCESS, "ready on " + at.getHostString() + ":" + at.getPort(),
            List.of("TCPROS", at.getHostString(), at.getPort()));
      }
    }
    return List.of(ERROR, "no supported protocol in " + protocols + "; " + nodeName + " speaks TCPROS", List.of());
  }

  /** A topic name: a non-empty string other than the root namespace. */
  private static String topic(List<Object> a, int i) {
    if (!(a.get(i) instanceof String s) || s.isEmpty() || s.equals("/")) {
      throw new IllegalArgumentException("parameter [topic] must be a non-empty topic name, got " + a.get(i));
    }
    return s;
  }

  private static String globalName(List<Object> a, int i, String what) {
    if (!(a.get(i) instanceof String s) || !s.startsWith("/")) {
      throw new IllegalArgumentException("parameter [" + what + "] must be a globally referenced name, got " + a.get(i));
    }
    return s;
  }

  /** A node API URI: a string with a scheme and a host, as rospy checks them. */
  private static URI nodeUri(Object o) {
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException("parameter [publishers] must be a list of strings");
    }
    try {
      URI uri = new URI(s);
      if (uri.getScheme() == null || uri.getAuthority() == null) {
        throw new IllegalArgumentException("parameter [publishers] does not contain valid URLs [" + s + "]");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("parameter [publishers] does not contain valid URLs [" + s + "]");
    }
  }

  private static List<Object> ok(String message, Object value) {
    return List.of(SUCCESS, message, value);
  }

  private static CompletionStage<Object> done(Object value) {
    return CompletableFuture.completedFuture(value);
  }
}
