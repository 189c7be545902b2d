package org.pyros.ros.tcpros;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
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
  static long uint32(byte[] bytes, int offset) {
    return (bytes[offset] & 0xffL)
        | (bytes[offset + 1] & 0xffL) << 8
        | (bytes[offset + 2] & 0xffL) << 16
        | (bytes[offset + 3] & 0xffL) << 24;
  }

  /**
   * Reads one frame from a blocking stream. The length is checked against {@code limit} before
   * anything is allocated; the body goes into one array of at most {@code upFront} bytes at
   * first, which doubles as more bytes arrive: a peer that merely claims a large frame cannot make
   * us reserve it, and a frame up to {@code upFront} is read straight into its final array.
   *
   * @param what what the frame is, for messages ("message", "connection header")
   * @throws EOFException when the stream ends before the frame does
   * @throws FrameTooLargeException when the length exceeds {@code limit}
   */
  static byte[] read(InputStream in, long limit, int upFront, String what, String peer) throws IOException {
    byte[] prefix = in.readNBytes(4);
    if (prefix.length < 4) {
      throw new EOFException("connection with " + peer + " closed " + (prefix.length == 0 ? "before" : "inside") + " a " + what);
    }
    long length = uint32(prefix, 0);
    if (length > limit) {
      throw new FrameTooLargeException(length, limit);
    }
    byte[] body = new byte[(int) Math.min(length, upFront)];
    int filled = 0;
    while (filled < length) {
      if (filled == body.length) {
        body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
      }
      int n = in.read(body, filled, body.length - filled);
      if (n < 0) {
        throw new EOFException("connection with " + peer + " closed inside a " + what);
      }
      filled += n;
    }
    return body;
  }
}
