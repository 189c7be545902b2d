package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.Parameter;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.Timestamp;

/**
 * One sample a reader delivers: the writer, its sequence number, the source time (from INFO_TS,
 * {@code null} when the writer sent none), the inline QoS ({@link ParameterList#EMPTY} when none)
 * and the serialized payload (encapsulation header then CDR).
 */
public record Sample(Guid writer, long sequenceNumber, Timestamp sourceTimestamp, ParameterList inlineQos,
    ByteBuffer payload) {

  static ByteBuffer copyOf(ByteBuffer b) {
    ByteBuffer copy = ByteBuffer.allocate(b.remaining()).order(b.order());
    copy.put(b.duplicate());
    return copy.flip().asReadOnlyBuffer().order(b.order());
  }

  static ParameterList copyOf(ParameterList list) {
    if (list == null || list.parameters().isEmpty()) {
      return ParameterList.EMPTY;
    }
    List<Parameter> copies = new ArrayList<>(list.parameters().size());
    for (Parameter p : list.parameters()) {
      copies.add(new Parameter(p.id(), copyOf(p.view())));
    }
    return new ParameterList(list.order(), copies);
  }
}
