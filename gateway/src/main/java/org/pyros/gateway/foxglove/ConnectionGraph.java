package org.pyros.gateway.foxglove;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.pyros.core.graph.NodeInfo;

/**
 * The graph as the Foxglove protocol's {@code connectionGraph} capability shows it: for each
 * topic the nodes publishing and subscribing it, for each service the nodes providing it, node
 * names as the ids. Immutable; {@link #updateSince} is the {@code connectionGraphUpdate} that
 * takes a client from one graph to the next.
 */
record ConnectionGraph(Map<String, Set<String>> published, Map<String, Set<String>> subscribed,
    Map<String, Set<String>> provided) {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What a client knows before its first update. */
  static final ConnectionGraph EMPTY = new ConnectionGraph(Map.of(), Map.of(), Map.of());

  static ConnectionGraph of(List<NodeInfo> nodes) {
    return new ConnectionGraph(byName(nodes, NodeInfo::publications), byName(nodes, NodeInfo::subscriptions),
        byName(nodes, NodeInfo::services));
  }

  private static Map<String, Set<String>> byName(List<NodeInfo> nodes, Function<NodeInfo, List<String>> names) {
    Map<String, Set<String>> ids = new TreeMap<>();
    for (NodeInfo n : nodes) {
      names.apply(n).forEach(name -> ids.computeIfAbsent(name, k -> new TreeSet<>()).add(n.name()));
    }
    return ids;
  }

  /**
   * The update from {@code before} to this graph: topics and services whose ids changed, with
   * all their ids, and those gone; empty when nothing changed.
   */
  Optional<ObjectNode> updateSince(ConnectionGraph before) {
    ObjectNode op = NODES.objectNode().put("op", "connectionGraphUpdate");
    Predicate<String> topicStays = t -> published.containsKey(t) || subscribed.containsKey(t);
    int changes = changed(op.putArray("publishedTopics"), "publisherIds", before.published, published, topicStays)
        + changed(op.putArray("subscribedTopics"), "subscriberIds", before.subscribed, subscribed, topicStays)
        + changed(op.putArray("advertisedServices"), "providerIds", before.provided, provided, s -> false);
    Set<String> topicsBefore = new TreeSet<>(before.published.keySet());
    topicsBefore.addAll(before.subscribed.keySet());
    ArrayNode removedTopics = op.putArray("removedTopics");
    topicsBefore.stream().filter(topicStays.negate()).forEach(removedTopics::add);
    ArrayNode removedServices = op.putArray("removedServices");
    before.provided.keySet().stream().filter(s -> !provided.containsKey(s)).forEach(removedServices::add);
    return changes + removedTopics.size() + removedServices.size() == 0 ? Optional.empty() : Optional.of(op);
  }

  /**
   * Adds the entries of {@code now} whose ids differ from {@code before}, and an empty list for
   * a name that left this map but {@code stays} listed (a topic still published, no longer
   * subscribed): the client replaces what it knew of each.
   */
  private static int changed(ArrayNode into, String idsMember, Map<String, Set<String>> before, Map<String, Set<String>> now,
      Predicate<String> stays) {
    now.forEach((name, ids) -> {
      if (!ids.equals(before.get(name))) {
        ObjectNode entry = into.addObject().put("name", name);
        ids.forEach(entry.putArray(idsMember)::add);
      }
    });
    before.keySet().stream().filter(name -> !now.containsKey(name) && stays.test(name))
        .forEach(name -> into.addObject().put("name", name).putArray(idsMember));
    return into.size();
  }
}
