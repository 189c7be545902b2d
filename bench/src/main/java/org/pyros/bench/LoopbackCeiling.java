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
 * writer sends length-prefixed frames of one size from one reused buffer, flat out, and a reader
 * reads them into one reused buffer and does nothing else (no decoding, no allocation, no
 * hand-off to another thread). Both sides block in the kernel; nothing else runs. Topic
 * throughput rows are compared with it to tell what the protocol stack costs from what the
 * machine allows.
 *
 * <pre>
 *   LoopbackCeiling read  FRAME_BYTES WARMUP_S MEASURE_S   (prints PORT=n, then RESULT ...)
 *   LoopbackCeiling write FRAME_BYTES PORT
 * </pre>
 */
public final class LoopbackCeiling {
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
        ByteBuffer length = ByteBuffer.allocateDirect(4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer body = ByteBuffer.allocateDirect(frame);
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupS * 1e9);
        long end = measureFrom + (long) (measureS * 1e9);
        long counted = 0;
        long now = start;
        while (now < end) {
          readFully(in, length.clear());
          if (length.getInt(0) != frame) {
            throw new IOException("unexpected frame length " + length.getInt(0));
          }
          readFully(in, body.clear());
          now = System.nanoTime();
          if (now >= measureFrom) {
            counted++;
          }
        }
        double secs = (now - measureFrom) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT msgs=%d secs=%.3f rate=%.1f%n", counted, secs, counted / secs);
        System.out.flush();
      }
    }
  }

  private static void readFully(SocketChannel in, ByteBuffer into) throws IOException {
    while (into.hasRemaining()) {
      if (in.read(into) < 0) {
        throw new IOException("writer closed the connection");
      }
    }
  }

  private static void write(int frame, int port) throws IOException {
    try (SocketChannel out = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      ByteBuffer message = ByteBuffer.allocateDirect(4 + frame).order(ByteOrder.LITTLE_ENDIAN);
      message.putInt(0, frame);
      while (true) {
        message.clear();
        while (message.hasRemaining()) {
          out.write(message);
        }
      }
    } catch (IOException e) {
      // the reader is done and closed the connection: the normal end
    }
  }
}
