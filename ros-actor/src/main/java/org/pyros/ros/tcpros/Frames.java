package org.pyros.ros.tcpros;

import org.apache.pekko.util.ByteString;

/** Length-prefixed TCPROS frames: {@code uint32 LE length} + body. */
final class Frames {
  private Frames() {}

  /** The 4-byte little-endian length prefix for a body of {@code length} bytes. */
  static ByteString lengthPrefix(int length) {
    byte[] b = {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)};
    return ByteString.fromArrayUnsafe(b);
  }

  /** Prefix + body without copying the body (a rope). */
  static ByteString frame(ByteString body) {
    return lengthPrefix(body.size()).concat(body);
  }

  /** Reads an unsigned 32-bit little-endian value at {@code offset}. */
  static long uint32(ByteString bytes, int offset) {
    return (bytes.apply(offset) & 0xffL)
        | (bytes.apply(offset + 1) & 0xffL) << 8
        | (bytes.apply(offset + 2) & 0xffL) << 16
        | (bytes.apply(offset + 3) & 0xffL) << 24;
  }

  /** What {@link #readFrameAsItArrives} allocates before the bytes are there. */
  static final int UP_FRONT_BYTES = 64 * 1024;

  /**
   * Reads one frame from a blocking stream: the length is checked against {@code limit} before
   * anything is allocated, then the body is read into one array of that length. For a peer we
   * chose to read from (a publisher); see {@link #readFrameAsItArrives} for peers that connect
   * to us.
   *
   * @throws EOFException when the stream ends before the frame does
   * @throws FrameTooLargeException when the length exceeds {@code limit}
   */
  static byte[] readFrame(java.io.InputStream in, long limit, String what, String peer) throws java.io.IOException {
    return read(in, limit, what, peer, Integer.MAX_VALUE);
  }

  /** Like {@link #readFrame}, allocating at most {@code upFront} bytes before they arrive. */
  static byte[] readFrame(java.io.InputStream in, long limit, String what, String peer, int upFront) throws java.io.IOException {
    return read(in, limit, what, peer, upFront);
  }

  /**
   * Like {@link #readFrame}, but the array grows as the bytes arrive (from
   * {@link #UP_FRONT_BYTES}, doubling): a peer that merely claims a large frame cannot make us
   * allocate it, one connection after the other.
   */
  static byte[] readFrameAsItArrives(java.io.InputStream in, long limit, String what, String peer) throws java.io.IOException {
    return read(in, limit, what, peer, UP_FRONT_BYTES);
  }

  private static byte[] read(java.io.InputStream in, long limit, String what, String peer, int upFront)
      throws java.io.IOException {
    byte[] prefix = in.readNBytes(4);
    if (prefix.length < 4) {
      throw new java.io.EOFException("connection from " + peer + " closed before a " + what);
    }
    long length = uint32(ByteString.fromArrayUnsafe(prefix), 0);
    if (length > limit) {
      throw new FrameTooLargeException(length, limit);
    }
    byte[] body = new byte[(int) Math.min(length, upFront)];
    int filled = 0;
    while (filled < length) {
      if (filled == body.length) {
        body = java.util.Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
      }
      int n = in.read(body, filled, body.length - filled);
      if (n < 0) {
        throw new java.io.EOFException("connection from " + peer + " closed inside a " + what);
      }
      filled += n;
    }
    return body;
  }
}
