package org.pyros.core.node;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.pyros.core.expose.Exposure;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;

/**
 * Everything the node actor knows, as an immutable value: each change makes a new state.
 *
 * @param subscriptions who subscribes to which topic; the node keeps this (not the children) so
 *     that a restarted child gets its subscribers back
 * @param provided services applications provide, kept for the same reason
 * @param paramWatches the child holding each watch of a parameter
 * @param spawned children spawned so far, to give each a unique actor name
 * @param viewed whether the system has given its first complete view of the graph; until then a
 *     name missing from {@code graph} may only not be known yet
 * @param loads the requests in flight of each topic and service child, until it terminates
 */
record NodeState(
    Exposure exposure,
    GraphSnapshot graph,
    Map<String, ActorRef<TopicActor.Command>> topics,
    Map<String, TopicInfo> topicInfos,
    Map<String, ActorRef<ServiceActor.Command>> services,
    Map<String, ServiceInfo> serviceInfos,
    Map<String, ActorRef<ParamActor.Command>> params,
    Map<String, Set<ActorRef<TopicEvent>>> subscriptions,
    Map<String, PyrosNode.ProvideService> provided,
    Map<ParamWatchKey, ActorRef<ParamWatchActor.Command>> paramWatches,
    long spawned,
    boolean viewed,
    Map<ActorRef<?>, InFlight> loads) {

  /** One watch of a parameter by one watcher. */
  record ParamWatchKey(String name, ActorRef<ParamValue> watcher) {}

  static NodeState empty(Exposure exposure) {
    return new NodeState(exposure, GraphSnapshot.EMPTY, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), 0,
        false, Map.of());
  }

  NodeState withExposure(Exposure e) {
    return new NodeState(e, graph, topics, topicInfos, services, serviceInfos, params, subscriptions, provided, paramWatches, spawned, viewed, loads);
  }

  NodeState withViewed() {
    return new NodeState(exposure, graph, topics, topicInfos, services, serviceInfos, params, subscriptions, provided, paramWatches, spawned, true, loads);
  }

  /** Topics subscribed to that have no child yet: not in the graph, and no type given. */
  java.util.List<String> pendingTopics() {
    return subscriptions.keySet().stream().filter(t -> !topics.containsKey(t)).toList();
  }

  NodeState withGraph(GraphSnapshot g) {
    return new NodeState(exposure, g, topics, topicInfos, services, serviceInfos, params, subscriptions, provided, paramWatches, spawned, viewed, loads);
  }

  NodeState withTopics(Map<String, ActorRef<TopicActor.Command>> t, Map<String, TopicInfo> infos) {
    return new NodeState(exposure, graph, t, infos, services, serviceInfos, params, subscriptions, provided, paramWatches, spawned, viewed, loads);
  }

  NodeState withServices(Map<String, ActorRef<ServiceActor.Command>> s, Map<String, ServiceInfo> infos) {
    return new NodeState(exposure, graph, topics, topicInfos, s, infos, params, subscriptions, provided, paramWatches, spawned, viewed, loads);
  }

  NodeState withParams(Map<String, ActorRef<ParamActor.Command>> p) {
    return new NodeState(exposure, graph, topics, topicInfos, services, serviceInfos, p, subscriptions, provided, paramWatches, spawned, viewed, loads);
  }

  NodeState withProvided(Map<String, PyrosNode.ProvideService> p) {
    return new NodeState(exposure, graph, topics, topicInfos, services, serviceInfos, params, subscriptions, p, paramWatches, spawned, viewed, loads);
  }

  NodeState withParamWatches(Map<ParamWatchKey, ActorRef<ParamWatchActor.Command>> w) {
    return new NodeState(exposure, graph, topics, topicInfos, services, serviceInfos, params, subscriptions, provided, w, spawned, viewed, loads);
  }

  NodeState withLoad(ActorRef<?> child, InFlight load) {
    return withLoads(with(loads, child, load));
  }

  NodeState withoutLoad(ActorRef<?> child) {
    return loads.containsKey(child) ? withLoads(without(loads, child)) : this;
  }

  private NodeState withLoads(Map<ActorRef<?>, InFlight> l) {
    return new NodeState(exposure, graph, topics, topicInfos, services, serviceInfos, params, subscriptions, provided, paramWatches, spawned, viewed, l);
  }

  NodeState counted() {
    return new NodeState(exposure, graph, topics, topicInfos, services, serviceInfos, params, subscriptions, provided, paramWatches, spawned + 1, viewed, loads);
  }

  NodeState withSubscriber(String topic, ActorRef<TopicEvent> subscriber) {
    Set<ActorRef<TopicEvent>> subs = TopicActor.plus(subscriptions.getOrDefault(topic, Set.of()), subscriber);
    return withSubscriptions(with(subscriptions, topic, subs));
  }

  NodeState withoutSubscriber(String topic, ActorRef<TopicEvent> subscriber) {
    Set<ActorRef<TopicEvent>> subs = TopicActor.minus(subscriptions.getOrDefault(topic, Set.of()), subscriber);
    return withSubscriptions(subs.isEmpty() ? without(subscriptions, topic) : with(subscriptions, topic, subs));
  }

  private NodeState withSubscriptions(Map<String, Set<ActorRef<TopicEvent>>> s) {
    return new NodeState(exposure, graph, topics, topicInfos, services, serviceInfos, params, s, provided, paramWatches, spawned, viewed, loads);
  }

  /** True when the subscriber is in some subscription (and so watched by the node). */
  boolean isWatched(ActorRef<TopicEvent> subscriber) {
    return subscriptions.values().stream().anyMatch(s -> s.contains(subscriber));
  }

  /** Drops a child that stopped, if it is still the one on record for that name. */
  NodeState forgetChild(String name, ActorRef<?> child) {
    NodeState s = this;
    if (child.equals(topics.get(name))) {
      s = s.withTopics(without(topics, name), without(topicInfos, name));
    }
    if (child.equals(services.get(name))) {
      s = s.withServices(without(services, name), without(serviceInfos, name));
    }
    if (child.equals(params.get(name))) {
      s = s.withParams(without(params, name));
    }
    return s;
  }

  static <K, V> Map<K, V> with(Map<K, V> map, K key, V value) {
    Map<K, V> copy = new HashMap<>(map);
    copy.put(key, value);
    return Map.copyOf(copy);
  }

  static <K, V> Map<K, V> without(Map<K, V> map, K key) {
    Map<K, V> copy = new HashMap<>(map);
    copy.remove(key);
    return Map.copyOf(copy);
  }

}
