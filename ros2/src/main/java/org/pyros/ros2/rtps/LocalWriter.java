package org.pyros.ros2.rtps;

import java.nio.ByteBuffer;
import org.pyros.ros2.rtps.wire.Guid;

/** A writer of this participant on one topic. Closing it tells peers it is gone. */
public interface LocalWriter extends AutoCloseable {
  Guid guid();

  /** Publishes one sample (encapsulation header then CDR; copied); its sequence number. */
  long write(ByteBuffer payload);

  /** Remote and local readers matched now. */
  int matchedReaders();

  @Override
  void close();
}
