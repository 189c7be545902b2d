package org.pyros.ros2.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pyros.ros2.cdr.CdrFormatException;
import org.pyros.ros2.rtps.LocalReader;
import org.pyros.ros2.rtps.LocalWriter;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.endpoint.Sample;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.system.ParticipantEntitiesInfo.GidForm;
import org.pyros.ros2.system.ParticipantEntitiesInfo.NodeEntities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pyros node on {@code ros_discovery_info}, as every ROS 2 node is: our participant's
 * entities (one node, its readers and writers) written again whenever they change, and every
 * other participant's read into the {@link Ros2Graph}, so that tools such as {@code ros2 node
 * list} see Pyros and Pyros sees the nodes behind the topics.
 *
 * <p>Ours is written with GIDs in the form the graph's participants use (the first other
 * participant heard decides; Iron's 16 bytes until then), since a Humble node cannot read the
 * newer form, nor a newer node the older.
 */
final class Ros2NodeGraph implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ros2NodeGraph.class);
  private static final int MAX_WARNED = 256;

  private final Guid participantGid;
  private final String namespace;
  private final String name;
  private final LocalWriter writer;
  private final LocalReader reader;
  private final Set<GuidPrefix> warned = ConcurrentHashMap.newKeySet();
  // Guarded by this.
  private GidForm form = GidForm.IRON;
  private boolean formChosen;
  private boolean closed;
  private List<Guid> readers = List.of();
  private List<Guid> writers = List.of();

  /** Joins ros_discovery_info as node {@code nodeName} (a global name) and feeds what it reads to {@code graph}. */
  Ros2NodeGraph(Participant participant, Ros2Graph graph, String nodeName) {
    this.participantGid = new Guid(participant.guidPrefix(), EntityId.PARTICIPANT);
    int slash = nodeName.lastIndexOf('/');
    this.namespace = slash <= 0 ? "/" : nodeName.substring(0, slash);
    this.name = nodeName.substring(slash + 1);
    this.writer = participant.createWriter(ParticipantEntitiesInfo.TOPIC, ParticipantEntitiesInfo.TYPE, Qos.LATCHED);
    graph.watchLocal(this::publish);
    this.reader = participant.createReader(ParticipantEntitiesInfo.TOPIC, ParticipantEntitiesInfo.TYPE, Qos.LATCHED,
        sample -> onSample(sample, graph));
    publish(List.of());
  }

  /** Writes our node's entities: these endpoints of ours. */
  synchronized void publish(List<Ros2Graph.Endpoint> endpoints) {
    if (closed) {
      return; // graph changes still queued while the system closes
    }
    List<Guid> r = new ArrayList<>();
    List<Guid> w = new ArrayList<>();
    endpoints.forEach(e -> (e.writer() ? w : r).add(e.guid()));
    readers = r;
    writers = w;
    write();
  }

  private void write() {
    NodeEntities node = new NodeEntities(namespace, name, readers, writers);
    writer.write(new ParticipantEntitiesInfo(participantGid, List.of(node)).encode(form));
  }

  private void onSample(Sample sample, Ros2Graph graph) {
    if (sample.bytes() == null || sample.writer().prefix().equals(participantGid.prefix())) {
      return;
    }
    ParticipantEntitiesInfo.Decoded d;
    try {
      d = ParticipantEntitiesInfo.decode(sample.bytes());
    } catch (CdrFormatException e) {
      if (warned.size() < MAX_WARNED && warned.add(sample.writer().prefix())) {
        log.warn("Ignored node information from participant {} that does not read as ParticipantEntitiesInfo: {}",
            sample.writer().prefix(), e.getMessage());
      }
      return;
    }
    graph.nodeInfo(d.info());
    adoptForm(d.form());
  }

  private synchronized void adoptForm(GidForm heard) {
    if (!formChosen && !closed) {
      formChosen = true;
      if (heard != form) {
        log.info("The ROS 2 graph speaks of nodes with {}-byte GIDs: writing ours so", heard.bytes);
        form = heard;
        write();
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    reader.close();
    writer.close();
  }
}
