package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.Parameter;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.Timestamp;

/**
 * One sample a reader delivers: the writer, its sequence number, the source time (from INFO_TS,
 * {@code null} when the writer sent none), the inline QoS ({@link ParameterList#EMPTY} when none)
 * and the serialized payload (encapsulation header then CDR), {@code null} for a key-only sample.
 *
 * <p>The payload is immutable and belongs to the sample alone, so a decoder may hand out slices of it
 * (the bytes of an image) instead of copying them.
 */
public record Sample(Guid writer, long sequenceNumber, Timestamp sourceTimestamp, ParameterList inlineQos,
    ByteString bytes) {

  /** The payload as a read-only buffer at position 0 (null when there is none). */
  public ByteBuffer payload() {
    return bytes == null ? null : bytes.asByteBuffer();
  }

  /** A copy of a buffer's remaining bytes, which may be a view of a datagram about to be reused. */
  static ByteString copyOf(ByteBuffer b) {
    return b == null ? null : ByteString.fromByteBuffer(b.duplicate());
  }

  static ParameterList copyOf(ParameterList list) {
    if (list == null || list.parameters().isEmpty()) {
      return ParameterList.EMPTY;
    }
    List<Parameter> copies = new ArrayList<>(list.parameters().size());
    for (Parameter p : list.parameters()) {
      ByteBuffer value = ByteBuffer.allocate(p.view().remaining()).put(p.view().duplicate()).flip();
      copies.add(new Parameter(p.id(), value.asReadOnlyBuffer().order(p.view().order())));
    }
    return new ParameterList(list.order(), copies);
  }
}
