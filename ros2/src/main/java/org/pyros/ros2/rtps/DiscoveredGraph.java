package org.pyros.ros2.rtps;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.discovery.ParticipantData;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;

/** The remote participants and their endpoints as discovery knows them at one moment (immutable). */
public record DiscoveredGraph(Map<GuidPrefix, ParticipantData> participants, Map<Guid, EndpointData> writers,
    Map<Guid, EndpointData> readers) {
  public static final DiscoveredGraph EMPTY = new DiscoveredGraph(Map.of(), Map.of(), Map.of());

  public DiscoveredGraph {
    participants = Map.copyOf(participants);
    writers = Map.copyOf(writers);
    readers = Map.copyOf(readers);
  }

  public Optional<ParticipantData> participant(GuidPrefix prefix) {
    return Optional.ofNullable(participants.get(prefix));
  }

  /** Remote writers on a DDS topic ("rt/chatter"). */
  public List<EndpointData> writersOn(String topic) {
    return writers.values().stream().filter(e -> e.topicName().equals(topic)).toList();
  }

  /** Remote readers on a DDS topic. */
  public List<EndpointData> readersOn(String topic) {
    return readers.values().stream().filter(e -> e.topicName().equals(topic)).toList();
  }
}
