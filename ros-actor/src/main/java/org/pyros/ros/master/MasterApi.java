package org.pyros.ros.master;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.pyros.ros.master.Registrations.Registrant;
import org.pyros.ros.xmlrpc.XmlRpcFaultException;
import org.pyros.ros.xmlrpc.XmlRpcServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ROS Master API and Parameter Server API with rosmaster's semantics: every call answers
 * {@code [code, statusMessage, value]} (1 success, 0 failure, -1 caller error), names are resolved
 * against the caller id, and changes are pushed to nodes through a {@link NodeNotifier}.
 *
 * <p>All registry and parameter state is guarded by this object's monitor; handlers only touch
 * memory and queue notifications, so they never block on a node.
 */
final class MasterApi {
  private static final Logger log = LoggerFactory.getLogger(MasterApi.class);
  private static final String ANY_TYPE = "*";

  private enum Kind { PUBLISHER, SUBSCRIBER, SERVICE, PARAM_SUBSCRIBER }

  /** A node known to the master: its API and what it registered, as "KIND key" entries. */
  private static final class NodeRef {
    final String api;
    final Set<String> registrations = new LinkedHashSet<>();

    NodeRef(String api) {
      this.api = api;
    }
  }

  /** A refused argument: answered with code -1 and this text, like rosmaster's validators. */
  private static final class InvalidParameter extends Exception {
    InvalidParameter(String message) {
      super(message, null, false, false);
    }
  }

  @FunctionalInterface
  private interface Body {
    List<Object> run(String callerId, Args args) throws InvalidParameter;
  }

  private final String uri;
  private final NodeNotifier notifier;
  private final Map<String, NodeRef> nodes = new HashMap<>();
  private final Registrations publishers = new Registrations();
  private final Registrations subscribers = new Registrations();
  private final Registrations services = new Registrations();
  private final Registrations paramSubscribers = new Registrations();
  private final Map<String, String> topicTypes = new LinkedHashMap<>();
  private final ParameterTree params = new ParameterTree();
  private final Map<String, Function<List<Object>, List<Object>>> methods = new ConcurrentHashMap<>();

  MasterApi(String uri, NodeNotifier notifier) {
    this.uri = uri;
    this.notifier = notifier;
  }

  /** Serves every Master and Parameter Server method on {@code server}. */
  void serveOn(XmlRpcServer server) {
    // Master API: registration
    method(server, "registerService", 0, 4, (c, a) -> registerService(c, a.service(1), a.api(2, "service_api"), a.api(3, "caller_api")));
    method(server, "unregisterService", 0, 3, (c, a) -> unregisterService(c, a.service(1), a.api(2, "service_api")));
    method(server, "registerSubscriber", List.of(), 4, (c, a) -> registerSubscriber(c, a.topic(1), a.typeName(2), a.api(3, "caller_api")));
    method(server, "unregisterSubscriber", 0, 3, (c, a) -> unregisterTopic(Kind.SUBSCRIBER, c, a.topic(1), a.api(2, "caller_api")));
    method(server, "registerPublisher", List.of(), 4, (c, a) -> registerPublisher(c, a.topic(1), a.typeName(2), a.api(3, "caller_api")));
    method(server, "unregisterPublisher", 0, 3, (c, a) -> unregisterTopic(Kind.PUBLISHER, c, a.topic(1), a.api(2, "caller_api")));
    // Master API: lookups and state
    method(server, "lookupNode", "", 2, (c, a) -> lookupNode(a.name(1, "node")));
    method(server, "lookupService", "", 2, (c, a) -> lookupService(a.service(1)));
    method(server, "getPublishedTopics", 0, 2, (c, a) -> getPublishedTopics(a.emptyOrName(1, "subgraph")));
    method(server, "getTopicTypes", List.of(), 1, (c, a) -> getTopicTypes());
    method(server, "getSystemState", List.of(List.of(), List.of(), List.of()), 1, (c, a) -> getSystemState());
    method(server, "getUri", "", 1, (c, a) -> reply(1, "", uri));
    method(server, "getPid", -1, 1, (c, a) -> reply(1, "", (int) ProcessHandle.current().pid()));
    // Parameter Server API
    method(server, "deleteParam", 0, 2, (c, a) -> deleteParam(c, a.nonEmptyString(1, "key")));
    method(server, "setParam", 0, 3, (c, a) -> setParam(c, a.nonEmptyString(1, "key"), a.notNull(2, "value")));
    method(server, "getParam", 0, 2, (c, a) -> getParam(c, a.nonEmptyString(1, "key")));
    method(server, "searchParam", 0, 2, (c, a) -> searchParam(c, a.nonEmptyString(1, "key")));
    method(server, "subscribeParam", 0, 3, (c, a) -> subscribeParam(c, a.api(1, "caller_api"), a.nonEmptyString(2, "key")));
    method(server, "unsubscribeParam", 0, 3, (c, a) -> unsubscribeParam(c, a.api(1, "caller_api"), a.nonEmptyString(2, "key")));
    method(server, "hasParam", false, 2, (c, a) -> hasParam(c, a.nonEmptyString(1, "key")));
    method(server, "getParamNames", List.of(), 1, (c, a) -> getParamNames());
    server.register("system.multicall", params -> CompletableFuture.completedFuture(multicall(params)));
  }

  /** Sets a parameter as the master itself (startup parameters such as /run_id). */
  void setParamAsMaster(String key, Object value) {
    setParam(NodeNotifier.MASTER_CALLER_ID, key, value);
  }

  // ---- Master API

  private synchronized List<Object> registerService(String callerId, String service, String serviceApi, String callerApi) {
    register(services, Kind.SERVICE, service, callerId, callerApi, serviceApi);
    log.debug("+SERVICE [{}] {} {}", service, callerId, callerApi);
    return reply(1, "Registered [" + callerId + "] as provider of [" + service + "]", 1);
  }

  private synchronized List<Object> unregisterService(String callerId, String service, String serviceApi) {
    log.debug("-SERVICE [{}] {} {}", service, callerId, serviceApi);
    return unregister(services, Kind.SERVICE, service, callerId, null, serviceApi);
  }

  private synchronized List<Object> registerSubscriber(String callerId, String topic, String type, String callerApi) {
    register(subscribers, Kind.SUBSCRIBER, topic, callerId, callerApi, null);
    if (!topicTypes.containsKey(topic) && !type.equals(ANY_TYPE)) {
      topicTypes.put(topic, type);
    }
    log.debug("+SUB [{}] {} {}", topic, callerId, callerApi);
    return reply(1, "Subscribed to [" + topic + "]", publishers.apis(topic));
  }

  private synchronized List<Object> registerPublisher(String callerId, String topic, String type, String callerApi) {
    register(publishers, Kind.PUBLISHER, topic, callerId, callerApi, null);
    if (!type.equals(ANY_TYPE) || !topicTypes.containsKey(topic)) {
      topicTypes.put(topic, type);
    }
    notifySubscribers(topic);
    log.debug("+PUB [{}] {} {}", topic, callerId, callerApi);
    return reply(1, "Registered [" + callerId + "] as publisher of [" + topic + "]", subscribers.apis(topic));
  }

  private synchronized List<Object> unregisterTopic(Kind kind, String callerId, String topic, String callerApi) {
    Registrations r = kind == Kind.PUBLISHER ? publishers : subscribers;
    List<Object> result = unregister(r, kind, topic, callerId, callerApi, null);
    if (kind == Kind.PUBLISHER && Integer.valueOf(1).equals(result.get(2))) {
      notifySubscribers(topic);
    }
    log.debug("-{} [{}] {} {}", kind == Kind.PUBLISHER ? "PUB" : "SUB", topic, callerId, callerApi);
    return result;
  }

  private synchronized List<Object> lookupNode(String node) {
    NodeRef ref = nodes.get(node);
    return ref != null ? reply(1, "node api", ref.api) : reply(-1, "unknown node [" + node + "]", "");
  }

  private synchronized List<Object> lookupService(String service) {
    String api = services.serviceApi(service);
    return api != null ? reply(1, "rosrpc URI: [" + api + "]", api) : reply(-1, "no provider", "");
  }

  private synchronized List<Object> getPublishedTopics(String subgraph) {
    String prefix = !subgraph.isEmpty() && !subgraph.endsWith(RosNames.SEP) ? subgraph + RosNames.SEP : subgraph;
    List<Object> out = new ArrayList<>();
    for (String t : publishers.keys()) {
      if (t.startsWith(prefix)) {
        out.add(List.of(t, topicTypes.getOrDefault(t, ANY_TYPE)));
      }
    }
    return reply(1, "current topics", out);
  }

  private synchronized List<Object> getTopicTypes() {
    List<Object> out = new ArrayList<>();
    topicTypes.forEach((t, type) -> out.add(List.of(t, type)));
    return reply(1, "current system state", out);
  }

  private synchronized List<Object> getSystemState() {
    return reply(1, "current system state", List.of(publishers.state(), subscribers.state(), services.state()));
  }

  // ---- Parameter Server API

  private synchronized List<Object> deleteParam(String callerId, String key) {
    String k = RosNames.resolve(key, callerId);
    if (!params.delete(k)) {
      return reply(-1, "parameter [" + k + "] is not set", 0);
    }
    notifyParamSubscribers(k, Map.of(), null);
    log.debug("-PARAM [{}] by {}", k, callerId);
    return reply(1, "parameter " + k + " deleted", 0);
  }

  private synchronized List<Object> setParam(String callerId, String key, Object value) {
    String k = RosNames.resolve(key, callerId);
    try {
      params.set(k, value);
    } catch (IllegalArgumentException e) {
      return reply(-1, "Error: invalid arguments: " + e.getMessage(), 0);
    }
    notifyParamSubscribers(k, value, callerId);
    log.debug("+PARAM [{}] by {}", k, callerId);
    return reply(1, "parameter " + k + " set", 0);
  }

  private synchronized List<Object> getParam(String callerId, String key) {
    String k = RosNames.resolve(key, callerId);
    Optional<Object> v = params.get(k);
    return v.isPresent() ? reply(1, "Parameter [" + k + "]", v.get()) : reply(-1, "Parameter [" + k + "] is not set", 0);
  }

  private synchronized List<Object> searchParam(String callerId, String key) {
    Optional<String> found;
    try {
      found = params.search(callerId, key);
    } catch (IllegalArgumentException e) {
      return reply(0, "Internal failure: " + e.getMessage(), 0);
    }
    return found.isPresent()
        ? reply(1, "Found [" + found.get() + "]", found.get())
        : reply(-1, "Cannot find parameter [" + key + "] in an upwards search", "");
  }

  private synchronized List<Object> subscribeParam(String callerId, String callerApi, String key) {
    String k = RosNames.resolve(key, callerId);
    String subKey = subscriptionKey(k);
    Object value = params.get(subKey).orElseGet(LinkedHashMap::new);
    register(paramSubscribers, Kind.PARAM_SUBSCRIBER, subKey, callerId, callerApi, null);
    log.debug("+CACHEDPARAM [{}] by {}", k, callerId);
    return reply(1, "Subscribed to parameter [" + k + "]", value);
  }

  private synchronized List<Object> unsubscribeParam(String callerId, String callerApi, String key) {
    String k = RosNames.resolve(key, callerId);
    unregister(paramSubscribers, Kind.PARAM_SUBSCRIBER, subscriptionKey(k), callerId, callerApi, null);
    log.debug("-CACHEDPARAM [{}] by {}", k, callerId);
    return reply(1, "Unsubscribe to parameter [" + k + "]", 1);
  }

  private synchronized List<Object> hasParam(String callerId, String key) {
    String k = RosNames.resolve(key, callerId);
    return reply(1, k, params.has(k));
  }

  private synchronized List<Object> getParamNames() {
    return reply(1, "Parameter names", new ArrayList<Object>(params.names()));
  }

  // ---- registrations

  /**
   * Registers {@code key} for a node. A node name registered again with another API is a new
   * node: the old one is told to shut down and loses all its registrations, as in rosmaster.
   */
  private void register(Registrations r, Kind kind, String key, String callerId, String callerApi, String serviceApi) {
    NodeRef node = nodes.get(callerId);
    boolean replaced = false;
    if (node == null || !node.api.equals(callerApi)) {
      if (node != null) {
        log.info("node {} registered again from {}: telling the old one at {} to shut down", callerId, callerApi, node.api);
        notifier.shutdown(node.api, "[" + callerId + "] Reason: new node registered with same name");
        replaced = true;
      }
      node = new NodeRef(callerApi);
      nodes.put(callerId, node);
    }
    node.registrations.add(kind + " " + key);
    if (replaced) {
      publishers.unregisterAll(callerId);
      subscribers.unregisterAll(callerId);
      services.unregisterAll(callerId);
      paramSubscribers.unregisterAll(callerId);
    }
    r.register(key, callerId, callerApi, serviceApi);
  }

  private List<Object> unregister(Registrations r, Kind kind, String key, String callerId, String callerApi, String serviceApi) {
    NodeRef node = nodes.get(callerId);
    if (node == null) {
      return reply(1, "[" + callerId + "] is not a registered node", 0);
    }
    int removed = serviceApi != null
        ? r.unregisterService(key, callerId, serviceApi)
        : r.unregister(key, callerId, callerApi);
    if (removed == 1) {
      node.registrations.remove(kind + " " + key);
    }
    if (node.registrations.isEmpty()) {
      nodes.remove(callerId);
    }
    if (removed == 1) {
      return reply(1, "Unregistered [" + callerId + "] as provider of [" + key + "]", 1);
    }
    if (serviceApi == null) {
      return reply(1, "[" + callerId + "] is not a known provider of [" + key + "]", 0);
    }
    return r.anyService()
        ? reply(1, "[" + serviceApi + "] is no longer the current service api handle for [" + key + "]", 0)
        : reply(1, "[" + callerId + "] is not a provider of [" + key + "]", 0);
  }

  private void notifySubscribers(String topic) {
    List<String> pubs = publishers.apis(topic);
    for (String api : subscribers.apis(topic)) {
      notifier.publisherUpdate(api, topic, pubs);
    }
  }

  // ---- parameter subscriptions

  private static String subscriptionKey(String key) {
    return key.equals(RosNames.GLOBAL_NS) ? key : RosNames.canonicalize(key) + RosNames.SEP;
  }

  /**
   * Tells parameter subscribers about a change of {@code key} ({@code value} an empty Map for a
   * deletion): those subscribed to {@code key} or a namespace above it get the new value; those
   * subscribed below a replaced namespace get their part of it, or an empty Map when it is gone.
   * The setter itself is not told about its own change.
   */
  private void notifyParamSubscribers(String key, Object value, String ignoredCallerId) {
    if (paramSubscribers.keys().isEmpty()) {
      return;
    }
    String paramKey = subscriptionKey(key);
    Set<String> allKeys = value instanceof Map<?, ?> m ? subKeys(paramKey, m, new LinkedHashSet<>()) : null;
    for (String subKey : List.copyOf(paramSubscribers.keys())) {
      String nsKey = subKey.endsWith(RosNames.SEP) ? subKey : subKey + RosNames.SEP;
      if (paramKey.startsWith(nsKey)) {
        for (Registrant r : paramSubscribers.get(subKey)) {
          if (!r.callerId().equals(ignoredCallerId)) {
            sendParamUpdate(r, paramKey, value);
          }
        }
      } else if (allKeys != null && nsKey.startsWith(paramKey) && !allKeys.contains(subKey)) {
        for (Registrant r : paramSubscribers.get(subKey)) {
          sendParamUpdate(r, subKey, Map.of());
        }
      }
    }
    if (allKeys != null) {
      for (String k : allKeys) {
        if (paramSubscribers.contains(k)) {
          Object v = value;
          for (String part : ParameterTree.parts(k.substring(paramKey.length()))) {
            v = ((Map<?, ?>) v).get(part);
          }
          for (Registrant r : paramSubscribers.get(k)) {
            sendParamUpdate(r, k, v);
          }
        }
      }
    }
  }

  private static Set<String> subKeys(String paramKey, Map<?, ?> value, Set<String> out) {
    for (Map.Entry<?, ?> e : value.entrySet()) {
      String k = RosNames.join(paramKey, String.valueOf(e.getKey())) + RosNames.SEP;
      out.add(k);
      if (e.getValue() instanceof Map<?, ?> child) {
        subKeys(k, child, out);
      }
    }
    return out;
  }

  private void sendParamUpdate(Registrant r, String key, Object value) {
    notifier.paramUpdate(r.callerApi(), key, ParameterTree.copy(value), result -> {
      // A node that answers -1 no longer wants this parameter (rosmaster drops it too).
      if (result instanceof List<?> triple && !triple.isEmpty() && Integer.valueOf(-1).equals(triple.get(0))) {
        synchronized (this) {
          unregister(paramSubscribers, Kind.PARAM_SUBSCRIBER, key, r.callerId(), r.callerApi(), null);
        }
      }
    });
  }

  // ---- argument checks and plumbing

  private void method(XmlRpcServer server, String name, Object errorValue, int arity, Body body) {
    methods.put(name, params -> invoke(name, params, errorValue, arity, body));
    server.register(name, params -> CompletableFuture.completedFuture(invoke(name, params, errorValue, arity, body)));
  }

  /**
   * XML-RPC's {@code system.multicall}, which rospy uses to unregister everything at shutdown:
   * each call's result comes back wrapped in a one-element array, a failed call as a fault struct.
   */
  private List<Object> multicall(List<Object> params) {
    if (params.size() != 1 || !(params.get(0) instanceof List<?> calls)) {
      throw new XmlRpcFaultException(XmlRpcFaultException.APPLICATION_ERROR, "system.multicall expects one array of calls");
    }
    List<Object> results = new ArrayList<>(calls.size());
    for (Object c : calls) {
      Function<List<Object>, List<Object>> m = null;
      String name = null;
      List<Object> args = null;
      if (c instanceof Map<?, ?> call && call.get("methodName") instanceof String n && call.get("params") instanceof List<?> p) {
        name = n;
        args = new ArrayList<>(p);
        m = methods.get(n);
      }
      if (m == null) {
        log.warn("system.multicall: refused call {}", name != null ? name : "(malformed)");
        results.add(Map.of("faultCode", XmlRpcFaultException.METHOD_NOT_FOUND,
            "faultString", name == null ? "malformed call in system.multicall" : "unknown method: " + name));
      } else {
        results.add(List.of(m.apply(args)));
      }
    }
    return results;
  }

  private static List<Object> invoke(String name, List<Object> params, Object errorValue, int arity, Body body) {
    if (params.isEmpty()) {
      log.warn("{} called without caller_id", name);
      return reply(-1, "missing required caller_id parameter", errorValue);
    }
    if (params.size() != arity) {
      log.warn("{} called with {} parameters instead of {}", name, params.size(), arity);
      return reply(-1, "Error: bad call arity", errorValue);
    }
    if (!(params.get(0) instanceof String callerId)) {
      log.warn("{}: caller_id is not a string", name);
      return reply(-1, "caller_id must be a string", errorValue);
    }
    try {
      return body.run(callerId, new Args(params, callerId));
    } catch (InvalidParameter e) {
      log.warn("{} by {}: invalid parameter: {}", name, callerId, e.getMessage());
      return reply(-1, e.getMessage(), errorValue);
    } catch (RuntimeException e) {
      log.error("{} by {} failed", name, callerId, e);
      return reply(0, "Internal failure: " + e, errorValue);
    }
  }

  private static List<Object> reply(int code, String message, Object value) {
    return List.of(code, message, value);
  }

  /** The call's parameters with rosmaster's validators, which also resolve names. */
  private record Args(List<Object> params, String callerId) {
    String nonEmptyString(int i, String name) throws InvalidParameter {
      Object v = params.get(i);
      if (v == null || "".equals(v)) {
        throw new InvalidParameter("ERROR: parameter [" + name + "] must be specified and non-empty");
      }
      if (!(v instanceof String s)) {
        throw new InvalidParameter("ERROR: parameter [" + name + "] must be a string");
      }
      return s;
    }

    Object notNull(int i, String name) throws InvalidParameter {
      Object v = params.get(i);
      if (v == null) {
        throw new InvalidParameter("ERROR: parameter [" + name + "] must be specified");
      }
      return v;
    }

    String api(int i, String name) throws InvalidParameter {
      if (!(params.get(i) instanceof String s) || s.isEmpty()) {
        throw new InvalidParameter("ERROR: parameter [" + name + "] is not an XMLRPC URI");
      }
      if (!s.startsWith("http://") && !s.startsWith("rosrpc://")) {
        throw new InvalidParameter("ERROR: parameter [" + name + "] is not an RPC URI");
      }
      return s;
    }

    String name(int i, String name) throws InvalidParameter {
      if (!(params.get(i) instanceof String s) || s.isEmpty()) {
        throw new InvalidParameter("ERROR: parameter [" + name + "] must be a non-empty string");
      }
      if (s.contains(":") || s.contains(" ")) {
        throw new InvalidParameter("ERROR: parameter [" + name + "] contains illegal chars");
      }
      return RosNames.resolve(s, callerId);
    }

    String topic(int i) throws InvalidParameter {
      return graphName(i, "topic");
    }

    String service(int i) throws InvalidParameter {
      return graphName(i, "service");
    }

    private String graphName(int i, String name) throws InvalidParameter {
      String resolved = name(i, name);
      if (RosNames.GLOBAL_NS.equals(params.get(i))) {
        throw new InvalidParameter("ERROR: parameter [" + name + "] cannot be the global namespace");
      }
      return resolved;
    }

    String emptyOrName(int i, String name) throws InvalidParameter {
      if (!(params.get(i) instanceof String s)) {
        throw new InvalidParameter("ERROR: parameter [" + name + "] must be a string");
      }
      return s.isEmpty() ? "" : RosNames.resolve(s, callerId);
    }

    String typeName(int i) throws InvalidParameter {
      Object v = params.get(i);
      if (ANY_TYPE.equals(v)) {
        return ANY_TYPE;
      }
      if (!(v instanceof String s) || s.isEmpty()) {
        throw new InvalidParameter("ERROR: parameter [topic_type] must be a non-empty string");
      }
      if (s.split(RosNames.SEP, -1).length != 2) {
        throw new InvalidParameter("ERROR: parameter [topic_type] is not a valid package resource name");
      }
      return s;
    }
  }
}
