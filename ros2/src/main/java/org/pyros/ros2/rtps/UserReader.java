package org.pyros.ros2.rtps;

import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.endpoint.StatefulReader;
import org.pyros.ros2.rtps.wire.Guid;

/** A {@link LocalReader}: a stateful reader that discovery announces and matches. */
final class UserReader extends UserEndpoint implements LocalReader {
  final StatefulReader endpoint;

  UserReader(Participant owner, Guid guid, EndpointData data, StatefulReader endpoint) {
    super(owner, guid, data);
    this.endpoint = endpoint;
  }

  @Override
  public int matchedWriters() {
    return matchedCount();
  }

  @Override
  public String toString() {
    return "reader " + guid + " on " + data.topicName();
  }
}
