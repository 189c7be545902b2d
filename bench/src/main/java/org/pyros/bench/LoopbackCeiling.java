package org.pyros.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * The most any TCPROS implementation can move over one loopback connection on this machine: a
 * writer sends length-prefixed frames of one size flat out, as many per system call as fit in
 * 64 KB (at least one), from one reused buffer; a reader reads into one reused 256 KB buffer and
 * only counts bytes (frames = bytes / frame size: no decoding, no allocation, no hand-off to
 * another thread). Topic throughput rows are compared with it to tell what the protocol stack
 * costs from what the machine allows.
 *
 * <pre>
 *   LoopbackCeiling read  FRAME_BYTES WARMUP_S MEASURE_S   (prints PORT=n, then RESULT ...)
 *   LoopbackCeiling write FRAME_BYTES PORT
 * </pre>
 */
public final class LoopbackCeiling {
  private static final int BATCH_BYTES = 64 * 1024;

  private LoopbackCeiling() {}

  public static void main(String[] args) throws Exception {
    int frame = Integer.parseInt(args[1]);
    if (args[0].equals("read")) {
      read(frame, Double.parseDouble(args[2]), Double.parseDouble(args[3]));
    } else {
      write(frame, Integer.parseInt(args[2]));
    }
  }

  private static void read(int frame, double warmupS, double measureS) throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      System.out.println("PORT=" + server.socket().getLocalPort());
      System.out.flush();
      try (SocketChannel in = server.accept()) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupS * 1e9);
        long end = measureFrom + (long) (measureS * 1e9);
        long counted = 0;
        long now = start;
        while (now < end) {
          int n = in.read(buffer.clear());
          if (n < 0) {
            throw new IOException("writer closed the connection");
          }
          now = System.nanoTime();
          if (now >= measureFrom) {
            counted += n;
          }
        }
        double secs = (now - measureFrom) / 1e9;
        long frames = counted / (4L + frame);
        System.out.printf(Locale.ROOT, "RESULT msgs=%d secs=%.3f rate=%.1f%n", frames, secs, frames / secs);
        System.out.flush();
      }
    }
  }

  private static void write(int frame, int port) throws IOException {
    try (SocketChannel out = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      int perWrite = Math.max(1, BATCH_BYTES / (4 + frame));
      ByteBuffer frames = ByteBuffer.allocateDirect(perWrite * (4 + frame)).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < perWrite; i++) {
        frames.putInt(i * (4 + frame), frame);
      }
      while (true) {
        frames.clear();
        while (frames.hasRemaining()) {
          out.write(frames);
        }
      }
    } catch (IOException e) {
      // the reader is done and closed the connection: the normal end
    }
  }
}
