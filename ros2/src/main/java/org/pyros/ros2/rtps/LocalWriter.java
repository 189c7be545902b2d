package org.pyros.ros2.rtps;

import java.nio.ByteBuffer;
import java.util.Set;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.ParameterList;

/** A writer of this participant on one topic. Closing it tells peers it is gone. */
public interface LocalWriter extends AutoCloseable {
  Guid guid();

  /** Publishes one sample (encapsulation header then CDR; copied); its sequence number. */
  long write(ByteBuffer payload);

  /** Publishes one sample with inline QoS (a reply's related sample identity, say); its sequence number. */
  long write(ByteBuffer payload, ParameterList inlineQos);

  /** Remote and local readers matched now. */
  int matchedReaders();

  /** The readers, remote and local, matched now. */
  Set<Guid> matched();

  @Override
  void close();
}
