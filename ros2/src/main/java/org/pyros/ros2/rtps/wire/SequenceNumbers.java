package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;

/**
 * RTPS sequence numbers are held as plain {@code long}s; on the wire they are a signed 32-bit
 * high word then an unsigned 32-bit low word, each in the submessage's byte order.
 */
public final class SequenceNumbers {
  /** SEQUENCENUMBER_UNKNOWN: high -1, low 0. */
  public static final long UNKNOWN = -1L << 32;

  private SequenceNumbers() {}

  public static long read(ByteBuffer in) {
    long high = in.getInt();
    long low = in.getInt() & 0xffffffffL;
    return (high << 32) | low;
  }

  public static void write(ByteBuffer out, long sn) {
    out.putInt((int) (sn >> 32)).putInt((int) sn);
  }
}
