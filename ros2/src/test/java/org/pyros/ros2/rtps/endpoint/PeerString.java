package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sample {@code i} of the ROS 2 test peers' std_msgs/String at {@code --size} ({@code ros2peer_common.h}):
 * "hello I", then a space and 'x' up to the size; and its plain CDR, as the peers write it.
 */
final class PeerString {
  private PeerString() {}

  static String text(long i, int size) {
    String head = "hello " + i;
    return head.length() >= size ? head : head + " " + "x".repeat(size - head.length() - 1);
  }

  /** CDR_LE encapsulation, uint32 length with the NUL, the bytes, the NUL. */
  static ByteBuffer cdr(String text) {
    byte[] s = text.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(4 + 4 + s.length + 1).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {0, 1, 0, 0}).putInt(s.length + 1).put(s).put((byte) 0);
    return out.flip();
  }

  /** The text of a CDR_LE std_msgs/String payload; fails when its length field does not fit the payload. */
  static byte[] decode(ByteBuffer payload) {
    ByteBuffer in = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int length = in.getInt(4);
    if (length < 1 || length > in.remaining() - 8) {
      throw new IllegalArgumentException("string length " + length + " in a payload of " + in.remaining());
    }
    byte[] b = new byte[length - 1];
    in.position(8).get(b);
    return b;
  }
}
