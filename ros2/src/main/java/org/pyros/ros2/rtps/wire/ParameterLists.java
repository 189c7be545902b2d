package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Reads parameter lists (DDS-RTPS 9.4.2.11) in either byte order. */
public final class ParameterLists {
  private ParameterLists() {}

  /**
   * Reads a parameter list from the buffer's position up to and including its PID_SENTINEL, and
   * moves the position past the sentinel. Values are read-only views of {@code in} (no copies)
   * in {@code order}; PID_PAD entries are dropped.
   *
   * @throws RtpsFormatException when the list has no sentinel before the limit, or a length that
   *     is not a multiple of 4 or runs past the limit
   */
  public static ParameterList read(ByteBuffer in, ByteOrder order) {
    ByteBuffer b = in.duplicate().order(order);
    List<Parameter> parameters = new ArrayList<>();
    while (true) {
      if (b.remaining() < 4) {
        throw new RtpsFormatException("parameter list ends without PID_SENTINEL after " + parameters.size()
            + " parameters");
      }
      int id = b.getShort() & 0xffff;
      int length = b.getShort() & 0xffff;
      if (id == ParameterId.PID_SENTINEL) {
        // The sentinel's length is ignored (the spec says so); nothing follows it.
        in.position(b.position());
        return new ParameterList(order, parameters);
      }
      if (length % 4 != 0) {
        throw new RtpsFormatException(String.format("parameter 0x%04x has length %d, not a multiple of 4", id, length));
      }
      if (length > b.remaining()) {
        throw new RtpsFormatException(String.format("parameter 0x%04x has length %d, only %d bytes left", id, length,
            b.remaining()));
      }
      if (id != ParameterId.PID_PAD) {
        parameters.add(new Parameter(id, b.slice(b.position(), length).order(order)));
      }
      b.position(b.position() + length);
    }
  }
}
