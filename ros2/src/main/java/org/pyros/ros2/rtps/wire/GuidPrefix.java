package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The 12 bytes that name a participant: every entity of the participant shares them. Held as a
 * long and an int so that a prefix is a cheap map key.
 */
public record GuidPrefix(long high, int low) {
  // equals and hashCode by hand: a prefix is compared for every submessage received, and the
  // generated record methods cost more on that path.
  @Override
  public boolean equals(Object o) {
    return o instanceof GuidPrefix p && p.high == high && p.low == low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 + low;
  }

  public static final int LENGTH = 12;
  public static final GuidPrefix UNKNOWN = new GuidPrefix(0, 0);

  /** Reads 12 bytes at the buffer's position (byte order does not apply: a prefix is octets). */
  public static GuidPrefix read(ByteBuffer in) {
    long high = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (in.get() & 0xff);
    }
    int low = 0;
    for (int i = 0; i < 4; i++) {
      low = (low << 8) | (in.get() & 0xff);
    }
    return new GuidPrefix(high, low);
  }

  public static GuidPrefix of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a GUID prefix has 12 bytes, got " + bytes.length);
    }
    return read(ByteBuffer.wrap(bytes));
  }

  /** Writes the 12 octets at the buffer's position. */
  public void write(ByteBuffer out) {
    for (int i = 7; i >= 0; i--) {
      out.put((byte) (high >>> (8 * i)));
    }
    for (int i = 3; i >= 0; i--) {
      out.put((byte) (low >>> (8 * i)));
    }
  }

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    write(b);
    return b.array();
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(toBytes());
  }
}
