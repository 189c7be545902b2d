package org.pyros.core.graph;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a system's graph holds at one moment: topics and services by name, parameter names, and
 * the nodes behind them by name (empty where the system does not know its nodes). Immutable; a
 * new snapshot is made for every change.
 */
public record GraphSnapshot(Map<String, TopicInfo> topics, Map<String, ServiceInfo> services, Set<String> params,
    Map<String, NodeInfo> nodes) {
  public static final GraphSnapshot EMPTY = new GraphSnapshot(Map.of(), Map.of(), Set.of());

  public GraphSnapshot {
    topics = Map.copyOf(topics);
    services = Map.copyOf(services);
    params = Set.copyOf(params);
    nodes = Map.copyOf(nodes);
  }

  /** A snapshot that names no nodes. */
  public GraphSnapshot(Map<String, TopicInfo> topics, Map<String, ServiceInfo> services, Set<String> params) {
    this(topics, services, params, Map.of());
  }

  /** This snapshot with those nodes. */
  public GraphSnapshot withNodes(Map<String, NodeInfo> nodes) {
    return new GraphSnapshot(topics, services, params, nodes);
  }

  /** Node names, sorted. */
  public Set<String> nodeNames() {
    return new TreeSet<>(nodes.keySet());
  }

  /** Topic names, sorted. */
  public Set<String> topicNames() {
    return new TreeSet<>(topics.keySet());
  }

  /** Service names, sorted. */
  public Set<String> serviceNames() {
    return new TreeSet<>(services.keySet());
  }

  /** Builds a snapshot from collections of infos. */
  public static GraphSnapshot of(Iterable<TopicInfo> topics, Iterable<ServiceInfo> services, Iterable<String> params) {
    Map<String, TopicInfo> t = new TreeMap<>();
    topics.forEach(i -> t.put(i.name(), i));
    Map<String, ServiceInfo> s = new TreeMap<>();
    services.forEach(i -> s.put(i.name(), i));
    Set<String> p = new TreeSet<>();
    params.forEach(p::add);
    return new GraphSnapshot(t, s, p);
  }
}
