package org.pyros.ros2.rtps;

import java.nio.ByteBuffer;
import org.apache.pekko.util.ByteString;
import org.pyros.ros2.rtps.wire.Guid;

/** A writer of this participant on one topic. Closing it tells peers it is gone. */
public interface LocalWriter extends AutoCloseable {
  Guid guid();

  /** Publishes one sample (encapsulation header then CDR), kept as it is; its sequence number. */
  long write(ByteString payload);

  /** Publishes one sample (encapsulation header then CDR; copied); its sequence number. */
  default long write(ByteBuffer payload) {
    return write(ByteString.fromByteBuffer(payload.duplicate()));
  }

  /** Remote and local readers matched now. */
  int matchedReaders();

  @Override
  void close();
}
