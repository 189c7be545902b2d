package org.pyros.ros2.rtps;

import java.util.ArrayList;
import java.util.List;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.discovery.ParticipantData;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;

/** Keeps every discovery event as a line, for tests to wait on. */
final class RecordingListener implements DiscoveryListener {
  private final List<String> events = new ArrayList<>();
  private final List<List<String>> incompatibilities = new ArrayList<>();

  private synchronized void add(String e) {
    events.add(e);
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized boolean has(String event) {
    return events.contains(event);
  }

  synchronized List<List<String>> incompatibilities() {
    return List.copyOf(incompatibilities);
  }

  @Override
  public void participantDiscovered(ParticipantData participant) {
    add("discovered " + participant.prefix());
  }

  @Override
  public void participantLost(GuidPrefix participant, String reason) {
    add("lost " + participant + " " + reason);
  }

  @Override
  public void endpointDiscovered(EndpointData endpoint) {
    add("endpoint " + endpoint.guid());
  }

  @Override
  public void endpointLost(Guid endpoint) {
    add("endpoint lost " + endpoint);
  }

  @Override
  public void matched(Guid local, Guid remote) {
    add("matched " + local + " " + remote);
  }

  @Override
  public void unmatched(Guid local, Guid remote) {
    add("unmatched " + local + " " + remote);
  }

  @Override
  public synchronized void incompatibleQos(Guid local, Guid remote, List<String> reasons) {
    events.add("incompatible " + local + " " + remote);
    incompatibilities.add(List.copyOf(reasons));
  }

  @Override
  public synchronized String toString() {
    return String.join("; ", events);
  }
}
