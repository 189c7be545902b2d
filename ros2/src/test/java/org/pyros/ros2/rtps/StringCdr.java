package org.pyros.ros2.rtps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** std_msgs/String in CDR written by hand for these tests: encapsulation CDR_LE, uint32 length with the NUL, bytes, NUL. */
final class StringCdr {
  private StringCdr() {}

  static ByteBuffer encode(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(4 + 4 + b.length + 1).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {0, 1, 0, 0}).putInt(b.length + 1).put(b).put((byte) 0);
    return out.flip();
  }

  static String decode(ByteBuffer payload) {
    ByteBuffer in = payload.duplicate();
    int kind = ((in.get() & 0xff) << 8) | (in.get() & 0xff);
    in.get();
    in.get();
    in.order(kind == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int length = in.getInt();
    if (length < 1 || length > in.remaining()) {
      throw new IllegalArgumentException("bad string length " + length);
    }
    byte[] b = new byte[length - 1];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
