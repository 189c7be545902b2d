package org.pyros.ros2.rtps;

import org.apache.pekko.util.ByteString;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.endpoint.StatefulWriter;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.Timestamp;

/** A {@link LocalWriter}: a stateful writer that discovery announces and matches. */
final class UserWriter extends UserEndpoint implements LocalWriter {
  final StatefulWriter endpoint;

  UserWriter(Participant owner, Guid guid, EndpointData data, StatefulWriter endpoint) {
    super(owner, guid, data);
    this.endpoint = endpoint;
  }

  @Override
  public long write(ByteString payload, ParameterList inlineQos) {
    if (owner.isClosed()) {
      throw new IllegalStateException("participant closed");
    }
    return endpoint.write(payload, inlineQos, Timestamp.now());
  }

  @Override
  public int matchedReaders() {
    return matchedCount();
  }

  @Override
  public String toString() {
    return "writer " + guid + " on " + data.topicName();
  }
}
