package org.pyros.ros.tcpros;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading frames from peers that connect to us: what a claimed length may cost. */
class FramesTest {

  static byte[] frame(long claimedLength, byte[] body) {
    byte[] f = new byte[4 + body.length];
    f[0] = (byte) claimedLength;
    f[1] = (byte) (claimedLength >>> 8);
    f[2] = (byte) (claimedLength >>> 16);
    f[3] = (byte) (claimedLength >>> 24);
    System.arraycopy(body, 0, f, 4, body.length);
    return f;
  }

  static long allocatedByThisThread() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** Hands out at most 1,000 bytes per read, as a socket does. */
  static InputStream trickling(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1000));
      }
    };
  }

  @Test
  void aClaimedLengthIsNotAllocatedBeforeItsBytesArrive() {
    byte[] claim = frame(200 << 20, new byte[10]); // 200 MiB claimed, 10 bytes sent, then the end
    long before = allocatedByThisThread();
    assertThrows(EOFException.class,
        () -> Frames.read(trickling(claim), 256 << 20, 64 << 10, "service request", "test"));
    long allocated = allocatedByThisThread() - before;
    assertTrue(allocated < 8 << 20, "allocated " + allocated + " bytes for a frame that never came");
  }

  @Test
  void aLargeFrameArrivingInPiecesIsReadWhole() throws IOException {
    byte[] body = new byte[300_000];
    new Random(7).nextBytes(body);
    assertArrayEquals(body, Frames.read(trickling(frame(body.length, body)), 1 << 20, 64 << 10, "request", "test"));
    assertArrayEquals(body, Frames.read(trickling(frame(body.length, body)), 1 << 20, 2 << 20, "message", "test"));
  }

  @Test
  void aFrameOverTheLimitIsRefusedBeforeItsBody() {
    assertThrows(FrameTooLargeException.class,
        () -> Frames.read(trickling(frame(2 << 20, new byte[0])), 1 << 20, 64 << 10, "request", "test"));
  }
}
