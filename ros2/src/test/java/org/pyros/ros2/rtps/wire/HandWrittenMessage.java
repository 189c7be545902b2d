package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/** An RTPS message written byte by byte in a test, in any byte order, independent of MessageBuilder. */
final class HandWrittenMessage {
  private final ByteBuffer b = ByteBuffer.allocate(4096);

  HandWrittenMessage(GuidPrefix source) {
    b.put(new byte[] {'R', 'T', 'P', 'S', 2, 1, 0x01, 0x10});
    source.write(b);
  }

  /** A submessage whose header says {@code length} (-1: the body's real length). */
  HandWrittenMessage sub(int id, int flags, ByteOrder order, int length, Consumer<ByteBuffer> body) {
    ByteBuffer v = ByteBuffer.allocate(2048).order(order);
    body.accept(v);
    v.flip();
    boolean little = order == ByteOrder.LITTLE_ENDIAN;
    b.put((byte) id).put((byte) (flags | (little ? 1 : 0)));
    b.order(order).putShort((short) (length < 0 ? v.remaining() : length)).order(ByteOrder.BIG_ENDIAN);
    b.put(v);
    return this;
  }

  HandWrittenMessage sub(int id, int flags, ByteOrder order, Consumer<ByteBuffer> body) {
    return sub(id, flags, order, -1, body);
  }

  HandWrittenMessage raw(byte... bytes) {
    b.put(bytes);
    return this;
  }

  ByteBuffer bytes() {
    return ByteBuffer.wrap(b.array(), 0, b.position()).slice();
  }
}
