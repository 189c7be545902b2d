package org.pyros.ros2.system;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.ros2.rtps.wire.Encapsulation;

/**
 * A request's identity as rmw_cyclonedds_cpp carries it: in front of the request's and of the
 * reply's CDR, after the encapsulation header, the client's 64-bit id (opaque: the server copies
 * it) and the request's 64-bit sequence number, both in the payload's byte order. Sixteen bytes
 * keep the alignment of what follows, so the rest is the message's CDR as it would be alone.
 */
public record CycloneRequestHeader(long clientId, long sequence) {
  static final int LENGTH = 16;
  private static final int START = Encapsulation.LENGTH;

  /**
   * The header of a payload (its remaining bytes; the position is not moved).
   *
   * @throws MessageFormatException when the payload is too short or not plain CDR
   */
  public static CycloneRequestHeader read(ByteBuffer payload) {
    ByteBuffer p = payload.slice().order(byteOrder(payload));
    if (p.remaining() < START + LENGTH) {
      throw new MessageFormatException("(request header)", p.remaining() + " bytes, at least " + (START + LENGTH)
          + " expected");
    }
    return new CycloneRequestHeader(p.getLong(START), p.getLong(START + 8));
  }

  /** The payload without the header: the encapsulation, then the message's CDR (a copy). */
  public static ByteBuffer strip(ByteBuffer payload) {
    read(payload);
    ByteBuffer p = payload.slice();
    ByteBuffer out = ByteBuffer.allocate(p.remaining() - LENGTH);
    out.put(p.duplicate().limit(START));
    out.put(p.duplicate().position(START + LENGTH));
    return out.flip();
  }

  /** An encoded message (encapsulation then CDR) with this header put in front of its CDR. */
  public ByteBuffer prepend(ByteBuffer payload) {
    ByteBuffer p = payload.slice();
    ByteOrder order = byteOrder(p);
    ByteBuffer out = ByteBuffer.allocate(p.remaining() + LENGTH).order(order);
    out.put(p.duplicate().limit(START));
    out.putLong(clientId).putLong(sequence);
    out.put(p.duplicate().position(START));
    return out.flip();
  }

  private static ByteOrder byteOrder(ByteBuffer payload) {
    ByteBuffer p = payload.slice();
    if (p.remaining() < START) {
      throw new MessageFormatException("(encapsulation)", p.remaining() + " bytes, no encapsulation header");
    }
    int kind = p.getShort(0) & 0xffff;
    if (kind == Encapsulation.CDR_LE) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    if (kind == Encapsulation.CDR_BE) {
      return ByteOrder.BIG_ENDIAN;
    }
    throw new MessageFormatException("(encapsulation)", String.format("kind 0x%04x, plain CDR expected", kind));
  }
}
