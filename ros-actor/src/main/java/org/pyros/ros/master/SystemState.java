package org.pyros.ros.master;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.NodeTable;

/**
 * The master's view of the graph (getSystemState): for each topic its publishing and
 * subscribing nodes, for each service its providing nodes. Maps keep the master's order.
 */
public record SystemState(
    Map<String, List<String>> publishers,
    Map<String, List<String>> subscribers,
    Map<String, List<String>> services) {
  public SystemState {
    publishers = ordered(publishers);
    subscribers = ordered(subscribers);
    services = ordered(services);
  }

  /** The nodes this state names, with what each publishes, subscribes to and provides. */
  public Map<String, NodeInfo> nodes() {
    NodeTable table = new NodeTable();
    publishers.forEach((topic, nodes) -> nodes.forEach(n -> table.publishes(n, topic)));
    subscribers.forEach((topic, nodes) -> nodes.forEach(n -> table.subscribes(n, topic)));
    services.forEach((service, nodes) -> nodes.forEach(n -> table.provides(n, service)));
    return table.build();
  }

  private static Map<String, List<String>> ordered(Map<String, List<String>> m) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }
}
