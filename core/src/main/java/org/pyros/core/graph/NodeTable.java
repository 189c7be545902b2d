package org.pyros.core.graph;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Collects which node uses which name, then builds the {@link NodeInfo}s of a snapshot. Not thread-safe. */
public final class NodeTable {
  private record Uses(Set<String> publications, Set<String> subscriptions, Set<String> services) {
    Uses() {
      this(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
    }
  }

  private final Map<String, Uses> byNode = new TreeMap<>();

  public NodeTable publishes(String node, String topic) {
    uses(node).publications().add(topic);
    return this;
  }

  public NodeTable subscribes(String node, String topic) {
    uses(node).subscriptions().add(topic);
    return this;
  }

  public NodeTable provides(String node, String service) {
    uses(node).services().add(service);
    return this;
  }

  /** Names a node that uses nothing (yet). */
  public NodeTable node(String node) {
    uses(node);
    return this;
  }

  /** The nodes by name. */
  public Map<String, NodeInfo> build() {
    Map<String, NodeInfo> out = new TreeMap<>();
    byNode.forEach((name, u) -> out.put(name,
        new NodeInfo(name, List.copyOf(u.publications()), List.copyOf(u.subscriptions()), List.copyOf(u.services()))));
    return out;
  }

  private Uses uses(String node) {
    return byNode.computeIfAbsent(node, n -> new Uses());
  }
}
