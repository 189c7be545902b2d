package org.pyros.ros.master;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.pyros.core.error.ErrorCode;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of a ROS master's Master API and Parameter Server API, acting for one caller id.
 *
 * <p>Every method returns a stage that fails with {@link RosApiException} when the master
 * answers with a code other than 1 (ErrorCode NOT_FOUND for lookups and missing parameters,
 * SYSTEM_FAILURE otherwise), or with an {@code XmlRpcException} when the exchange itself
 * fails. Parameter values use the XML-RPC Java mapping ({@code Map} for a namespace).
 */
public final class MasterClient {
  private static final Logger log = LoggerFactory.getLogger(MasterClient.class);

  private final URI masterUri;
  private final String callerId;
  private final XmlRpcClient xmlrpc;

  /**
   * @param masterUri e.g. {@code http://127.0.0.1:11311/}
   * @param callerId global name of the calling node, e.g. {@code /pyros}
   */
  public MasterClient(URI masterUri, String callerId, XmlRpcClient xmlrpc) {
    this.masterUri = Objects.requireNonNull(masterUri);
    this.callerId = Objects.requireNonNull(callerId);
    this.xmlrpc = Objects.requireNonNull(xmlrpc);
    if (callerId.isEmpty()) {
      throw new IllegalArgumentException("caller id must not be empty");
    }
  }

  public MasterClient(URI masterUri, String callerId) {
    this(masterUri, callerId, new XmlRpcClient());
  }

  public URI masterUri() {
    return masterUri;
  }

  public String callerId() {
    return callerId;
  }

  // ---- Master API: registration

  /** Registers {@code callerApi} as publisher; the stage holds the current subscribers' APIs. */
  public CompletionStage<List<URI>> registerPublisher(String topic, String type, URI callerApi) {
    return call("registerPublisher", ErrorCode.SYSTEM_FAILURE, topic, type, callerApi.toString())
        .thenApply(v -> uris("registerPublisher", v));
  }

  /** The stage holds the number of registrations removed (0 if there was none). */
  public CompletionStage<Integer> unregisterPublisher(String topic, URI callerApi) {
    return call("unregisterPublisher", ErrorCode.SYSTEM_FAILURE, topic, callerApi.toString())
        .thenApply(v -> integer("unregisterPublisher", v));
  }

  /** Registers {@code callerApi} as subscriber; the stage holds the current publishers' APIs. */
  public CompletionStage<List<URI>> registerSubscriber(String topic, String type, URI callerApi) {
    return call("registerSubscriber", ErrorCode.SYSTEM_FAILURE, topic, type, callerApi.toString())
        .thenApply(v -> uris("registerSubscriber", v));
  }

  public CompletionStage<Integer> unregisterSubscriber(String topic, URI callerApi) {
    return call("unregisterSubscriber", ErrorCode.SYSTEM_FAILURE, topic, callerApi.toString())
        .thenApply(v -> integer("unregisterSubscriber", v));
  }

  /**
   * @param serviceApi the service's {@code rosrpc://host:port} address
   * @param callerApi the node's XML-RPC API
   */
  public CompletionStage<Void> registerService(String service, URI serviceApi, URI callerApi) {
    return call("registerService", ErrorCode.SYSTEM_FAILURE, service, serviceApi.toString(), callerApi.toString())
        .thenApply(v -> null);
  }

  public CompletionStage<Integer> unregisterService(String service, URI serviceApi) {
    return call("unregisterService", ErrorCode.SYSTEM_FAILURE, service, serviceApi.toString())
        .thenApply(v -> integer("unregisterService", v));
  }

  // ---- Master API: lookups and graph state

  /** The service's {@code rosrpc://host:port}; fails with NOT_FOUND if nobody provides it. */
  public CompletionStage<URI> lookupService(String service) {
    return call("lookupService", ErrorCode.NOT_FOUND, service).thenApply(v -> uri("lookupService", v));
  }

  /** The node's XML-RPC API; fails with NOT_FOUND for an unknown node. */
  public CompletionStage<URI> lookupNode(String node) {
    return call("lookupNode", ErrorCode.NOT_FOUND, node).thenApply(v -> uri("lookupNode", v));
  }

  /** Topics that have publishers, within {@code subgraph} ("" for all). */
  public CompletionStage<List<TopicAndType>> getPublishedTopics(String subgraph) {
    return call("getPublishedTopics", ErrorCode.SYSTEM_FAILURE, subgraph)
        .thenApply(v -> topicTypes("getPublishedTopics", v));
  }

  /** Every topic the master knows, with its type. */
  public CompletionStage<List<TopicAndType>> getTopicTypes() {
    return call("getTopicTypes", ErrorCode.SYSTEM_FAILURE).thenApply(v -> topicTypes("getTopicTypes", v));
  }

  public CompletionStage<SystemState> getSystemState() {
    return call("getSystemState", ErrorCode.SYSTEM_FAILURE).thenApply(v -> {
      List<?> parts = list("getSystemState", v);
      if (parts.size() != 3) {
        throw new XmlRpcFormatException("getSystemState: expected 3 lists, got " + parts.size());
      }
      return new SystemState(
          nameToNodes("getSystemState", parts.get(0)),
          nameToNodes("getSystemState", parts.get(1)),
          nameToNodes("getSystemState", parts.get(2)));
    });
  }

  /** The master's own URI as it reports it. */
  public CompletionStage<URI> getUri() {
    return call("getUri", ErrorCode.SYSTEM_FAILURE).thenApply(v -> uri("getUri", v));
  }

  // ---- Parameter Server API

  /** The value (a {@code Map} for a namespace); fails with NOT_FOUND when not set. */
  public CompletionStage<Object> getParam(String key) {
    return call("getParam", ErrorCode.NOT_FOUND, key);
  }

  /** Sets a value; a {@code Map} replaces the whole subtree under {@code key}. */
  public CompletionStage<Void> setParam(String key, Object value) {
    return call("setParam", ErrorCode.SYSTEM_FAILURE, key, value).thenApply(v -> null);
  }

  /** Deletes a value or subtree; fails with NOT_FOUND when not set. */
  public CompletionStage<Void> deleteParam(String key) {
    return call("deleteParam", ErrorCode.NOT_FOUND, key).thenApply(v -> null);
  }

  public CompletionStage<Boolean> hasParam(String key) {
    return call("hasParam", ErrorCode.SYSTEM_FAILURE, key).thenApply(v -> {
      if (v instanceof Boolean b) {
        return b;
      }
      throw new XmlRpcFormatException("hasParam: expected a boolean, got " + v);
    });
  }

  /**
   * Searches {@code key} upwards from the caller's namespace; the stage holds the full name
   * found, or empty when there is none.
   */
  public CompletionStage<Optional<String>> searchParam(String key) {
    return call("searchParam", ErrorCode.NOT_FOUND, key)
        .handle((v, error) -> {
          if (error == null) {
            return Optional.of(string("searchParam", v));
          }
          Throwable cause = error.getCause() != null ? error.getCause() : error;
          // rosmaster answers -1 "Cannot find parameter" for a miss: that is a result, not a failure.
          if (cause instanceof RosApiException r && r.statusCode() == RosResult.ERROR) {
            return Optional.<String>empty();
          }
          throw error instanceof CompletionException ce ? ce : new CompletionException(error);
        });
  }

  /** Full names of all parameters (leaves), in the master's order. */
  public CompletionStage<List<String>> getParamNames() {
    return call("getParamNames", ErrorCode.SYSTEM_FAILURE).thenApply(v -> {
      List<String> names = new ArrayList<>();
      for (Object o : list("getParamNames", v)) {
        names.add(string("getParamNames", o));
      }
      return names;
    });
  }

  /**
   * Subscribes {@code callerApi} to updates of {@code key} (sent to its paramUpdate). The stage
   * holds the current value; an empty {@code Map} when the parameter is not set.
   */
  public CompletionStage<Object> subscribeParam(URI callerApi, String key) {
    return call("subscribeParam", ErrorCode.SYSTEM_FAILURE, callerApi.toString(), key);
  }

  /** The stage holds the number of subscriptions removed. */
  public CompletionStage<Integer> unsubscribeParam(URI callerApi, String key) {
    return call("unsubscribeParam", ErrorCode.SYSTEM_FAILURE, callerApi.toString(), key)
        .thenApply(v -> integer("unsubscribeParam", v));
  }

  // ---- plumbing

  private CompletionStage<Object> call(String method, ErrorCode refusal, Object... args) {
    Object[] params = new Object[args.length + 1];
    params[0] = callerId;
    System.arraycopy(args, 0, params, 1, args.length);
    return xmlrpc.call(masterUri, method, params).thenApply(r -> RosResult.value(method, r, refusal));
  }

  private static List<?> list(String method, Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    throw new XmlRpcFormatException(method + ": expected an array, got " + v);
  }

  private static String string(String method, Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw new XmlRpcFormatException(method + ": expected a string, got " + v);
  }

  private static int integer(String method, Object v) {
    if (v instanceof Integer i) {
      return i;
    }
    throw new XmlRpcFormatException(method + ": expected an int, got " + v);
  }

  private static URI uri(String method, Object v) {
    String s = string(method, v);
    try {
      return new URI(s);
    } catch (java.net.URISyntaxException e) {
      throw new XmlRpcFormatException(method + ": not a URI: " + s);
    }
  }

  /** A list of peer URIs; a malformed entry is skipped and logged so one bad node cannot break us. */
  private static List<URI> uris(String method, Object v) {
    List<URI> uris = new ArrayList<>();
    for (Object o : list(method, v)) {
      try {
        uris.add(new URI(String.valueOf(o)));
      } catch (java.net.URISyntaxException e) {
        log.warn("{}: master listed a malformed node URI '{}', ignored", method, o);
      }
    }
    return uris;
  }

  private static List<TopicAndType> topicTypes(String method, Object v) {
    List<TopicAndType> out = new ArrayList<>();
    for (Object o : list(method, v)) {
      List<?> pair = list(method, o);
      if (pair.size() != 2) {
        throw new XmlRpcFormatException(method + ": expected [topic, type], got " + pair);
      }
      out.add(new TopicAndType(string(method, pair.get(0)), string(method, pair.get(1))));
    }
    return out;
  }

  private static Map<String, List<String>> nameToNodes(String method, Object v) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Object o : list(method, v)) {
      List<?> pair = list(method, o);
      if (pair.size() != 2) {
        throw new XmlRpcFormatException(method + ": expected [name, [nodes]], got " + pair);
      }
      List<String> nodes = new ArrayList<>();
      for (Object n : list(method, pair.get(1))) {
        nodes.add(string(method, n));
      }
      out.put(string(method, pair.get(0)), nodes);
    }
    return out;
  }
}
