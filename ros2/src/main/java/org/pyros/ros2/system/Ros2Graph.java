package org.pyros.ros2.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.NodeTable;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.system.Registration;
import org.pyros.ros2.msg.Ros2Names;
import org.pyros.ros2.rtps.DiscoveryListener;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ROS 2 graph as discovery shows it: every endpoint of every participant (ours included),
 * folded into a {@link GraphSnapshot} of ROS names and types. Discovery pushes changes; they
 * are folded on one thread so watchers see snapshots in order and never on a receive thread.
 */
final class Ros2Graph implements DiscoveryListener {
  private static final Logger log = LoggerFactory.getLogger(Ros2Graph.class);

  /** One writer or reader of the graph, in DDS names. */
  record Endpoint(Guid guid, String ddsTopic, String ddsType, Qos qos, boolean writer) {}

  private final ExecutorService events;
  private final GuidPrefix own;
  private final String ownNode;
  private final Map<Guid, Endpoint> endpoints = new ConcurrentHashMap<>();
  /** What each other participant says on ros_discovery_info: which node owns which endpoint. */
  private final Map<GuidPrefix, ParticipantEntitiesInfo> nodeInfos = new ConcurrentHashMap<>();
  private final List<Consumer<List<Endpoint>>> localWatchers = new CopyOnWriteArrayList<>();
  private final Set<String> reportedIncompatible = ConcurrentHashMap.newKeySet();
  private final List<Consumer<GraphSnapshot>> watchers = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> writerWatchers = new CopyOnWriteArrayList<>();
  // Written on the events thread only.
  private volatile GraphSnapshot current = GraphSnapshot.EMPTY;

  /** The graph seen by participant {@code own}, whose endpoints are all of node {@code ownNode}. */
  Ros2Graph(ExecutorService events, GuidPrefix own, String ownNode) {
    this.events = events;
    this.own = own;
    this.ownNode = ownNode;
  }

  GraphSnapshot current() {
    return current;
  }

  /** Calls the watcher with the current snapshot, then with every changed one. */
  Registration watch(Consumer<GraphSnapshot> watcher) {
    watchers.add(watcher);
    events.execute(() -> notifyOne(watcher, current));
    return Registration.once(() -> watchers.remove(watcher));
  }

  /** Calls the watcher (on the events thread) with a DDS topic's name whenever a writer of it comes or goes. */
  void watchWriters(Consumer<String> watcher) {
    writerWatchers.add(watcher);
  }

  /** The QoS of every writer of a DDS topic now known, ours and remote. */
  List<Qos> writersOf(String ddsTopic) {
    List<Qos> out = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      if (e.writer() && e.ddsTopic().equals(ddsTopic)) {
        out.add(e.qos());
      }
    }
    return out;
  }

  /** Calls the watcher (on the events thread) with all our endpoints whenever one of ours comes or goes. */
  void watchLocal(Consumer<List<Endpoint>> watcher) {
    localWatchers.add(watcher);
  }

  /** True when some reader of a DDS topic is known now, ours or remote (a service's server, on its request topic). */
  boolean hasReaderOn(String ddsTopic) {
    for (Endpoint e : endpoints.values()) {
      if (!e.writer() && e.ddsTopic().equals(ddsTopic)) {
        return true;
      }
    }
    return false;
  }

  void addLocal(Endpoint e) {
    endpoints.put(e.guid(), e);
    changed(e);
    localChanged();
  }

  void removeLocal(Guid guid) {
    Endpoint gone = endpoints.remove(guid);
    changed(gone);
    if (gone != null) {
      localChanged();
    }
  }

  /** A participant's node information, read from ros_discovery_info. */
  void nodeInfo(ParticipantEntitiesInfo info) {
    if (!info.participant().prefix().equals(own)) {
      nodeInfos.put(info.participant().prefix(), info);
      events.execute(this::rebuild);
    }
  }

  private void localChanged() {
    events.execute(() -> {
      List<Endpoint> mine = endpoints.values().stream().filter(e -> e.guid().prefix().equals(own)).toList();
      localWatchers.forEach(w -> notifyOne(w, mine));
    });
  }

  @Override
  public void endpointDiscovered(EndpointData e) {
    Endpoint endpoint = new Endpoint(e.guid(), e.topicName(), e.typeName(), e.qos(), e.guid().entityId().isWriter());
    endpoints.put(e.guid(), endpoint);
    changed(endpoint);
  }

  @Override
  public void endpointLost(Guid guid) {
    changed(endpoints.remove(guid));
  }

  @Override
  public void participantLost(GuidPrefix prefix, String reason) {
    log.info("ROS 2 participant {} left the graph: {}", prefix, reason);
    if (nodeInfos.remove(prefix) != null) {
      events.execute(this::rebuild);
    }
    for (Guid g : List.copyOf(endpoints.keySet())) {
      if (g.prefix().equals(prefix)) {
        changed(endpoints.remove(g));
      }
    }
  }

  @Override
  public void incompatibleQos(Guid local, Guid remote, List<String> reasons) {
    // Reported once per pair: discovery repeats itself, the log should not.
    if (reportedIncompatible.add(local + "/" + remote)) {
      Endpoint mine = endpoints.get(local);
      log.warn("Not matched with {} on {}: incompatible QoS ({})", remote,
          mine == null ? "?" : mine.ddsTopic(), String.join("; ", reasons));
    }
  }

  /** Folds a change in (null: nothing changed) and tells the watchers, on the events thread. */
  private void changed(Endpoint e) {
    if (e == null) {
      return;
    }
    events.execute(() -> {
      rebuild();
      if (e.writer()) {
        writerWatchers.forEach(w -> notifyOne(w, e.ddsTopic()));
      }
    });
  }

  private void rebuild() {
    GraphSnapshot next = build();
    if (!next.equals(current)) {
      current = next;
      watchers.forEach(w -> notifyOne(w, next));
    }
  }

  private GraphSnapshot build() {
    Map<String, TopicInfo> topics = new java.util.TreeMap<>();
    Map<String, ServiceInfo> services = new java.util.TreeMap<>();
    // Sorted by GUID so that a topic announced with two types shows the same one every time.
    endpoints.values().stream().sorted(java.util.Comparator.comparing(e -> e.guid().toString())).forEach(e -> {
      String topic = Ros2Names.rosTopic(e.ddsTopic());
      if (topic != null) {
        topics.putIfAbsent(topic, new TopicInfo(topic, rosType(e.ddsType())));
        return;
      }
      String service = Ros2Names.rosService(e.ddsTopic());
      if (service != null) {
        services.putIfAbsent(service, new ServiceInfo(service, serviceType(rosType(e.ddsType()))));
      }
    });
    return new GraphSnapshot(topics, services, Set.of(), nodes());
  }

  /**
   * The nodes behind the endpoints: ours, and those other participants name on
   * ros_discovery_info. A service's server is the node that reads its requests.
   */
  private Map<String, NodeInfo> nodes() {
    NodeTable table = new NodeTable().node(ownNode);
    Map<Guid, String> owner = new HashMap<>();
    for (ParticipantEntitiesInfo info : nodeInfos.values()) {
      for (ParticipantEntitiesInfo.NodeEntities n : info.nodes()) {
        table.node(n.globalName());
        n.readers().forEach(g -> owner.put(g, n.globalName()));
        n.writers().forEach(g -> owner.put(g, n.globalName()));
      }
    }
    for (Endpoint e : endpoints.values()) {
      String node = e.guid().prefix().equals(own) ? ownNode : owner.get(e.guid());
      if (node == null) {
        continue;
      }
      String topic = Ros2Names.rosTopic(e.ddsTopic());
      String service = Ros2Names.rosService(e.ddsTopic());
      if (topic != null && e.writer()) {
        table.publishes(node, topic);
      } else if (topic != null) {
        table.subscribes(node, topic);
      } else if (service != null && !e.writer() && e.ddsTopic().startsWith("rq/")) {
        table.provides(node, service);
      }
    }
    return table.build();
  }

  /** The ROS 2 name of a DDS type; "" for a type not named as ROS 2 names them. */
  private static String rosType(String ddsType) {
    try {
      return Ros2Names.rosTypeName(ddsType);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** {@code pkg/srv/S_Request} or {@code pkg/srv/S_Response} → {@code pkg/srv/S}; "" otherwise. */
  private static String serviceType(String partType) {
    for (String part : List.of("_Request", "_Response")) {
      if (partType.endsWith(part)) {
        return partType.substring(0, partType.length() - part.length());
      }
    }
    return "";
  }

  private static <T> void notifyOne(Consumer<T> watcher, T snapshot) {
    try {
      watcher.accept(snapshot);
    } catch (RuntimeException e) {
      log.warn("A graph watcher failed; it keeps its registration", e);
    }
  }
}
