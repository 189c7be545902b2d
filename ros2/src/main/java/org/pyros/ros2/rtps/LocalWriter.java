package org.pyros.ros2.rtps;

import java.nio.ByteBuffer;
import java.util.Set;
import org.apache.pekko.util.ByteString;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.ParameterList;

/** A writer of this participant on one topic. Closing it tells peers it is gone. */
public interface LocalWriter extends AutoCloseable {
  Guid guid();

  /**
   * Publishes one sample (encapsulation header then CDR, kept as it is) with inline QoS (a
   * reply's related sample identity, say); its sequence number.
   */
  long write(ByteString payload, ParameterList inlineQos);

  /** Publishes one sample (encapsulation header then CDR, kept as it is); its sequence number. */
  default long write(ByteString payload) {
    return write(payload, ParameterList.EMPTY);
  }

  /** Publishes one sample (encapsulation header then CDR; copied); its sequence number. */
  default long write(ByteBuffer payload) {
    return write(ByteString.fromByteBuffer(payload.duplicate()), ParameterList.EMPTY);
  }

  /** Publishes one sample (copied) with inline QoS; its sequence number. */
  default long write(ByteBuffer payload, ParameterList inlineQos) {
    return write(ByteString.fromByteBuffer(payload.duplicate()), inlineQos);
  }

  /** Remote and local readers matched now. */
  int matchedReaders();

  /** The readers, remote and local, matched now. */
  Set<Guid> matched();

  @Override
  void close();
}
