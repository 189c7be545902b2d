package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pyros.ros2.rtps.LocalReader;
import org.pyros.ros2.rtps.LocalWriter;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.ParticipantSettings;
import org.pyros.ros2.rtps.qos.Qos;

/**
 * A Pyros participant in a process of its own, for {@link LossyPeersTest} to start inside a
 * network namespace that drops datagrams. {@code pub DOMAIN N SIZE}: waits for a matched reader
 * that knows it, writes N big strings at 5 Hz, waits until they are acknowledged.
 * {@code sub DOMAIN N TIMEOUT_S}: prints "ok I" for each intact sample, exits 0 after N in order
 * from the first one it got, 1 on a bad or missing sample or the timeout.
 */
public final class LossyPeerMain {
  private static final String TOPIC = "rt/big";
  private static final String TYPE = "std_msgs::msg::dds_::String_";

  private LossyPeerMain() {}

  static byte[] text(int i, int size) {
    byte[] s = new byte[size];
    Arrays.fill(s, (byte) ('a' + i % 26));
    byte[] head = ("hello " + i + " ").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, s, 0, head.length);
    s[head.length] = 'x';
    return s;
  }

  public static void main(String[] args) throws Exception {
    int domain = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    try (Participant p = Participant.start(ParticipantSettings.loopback(domain))) {
      if (args[0].equals("pub")) {
        int size = Integer.parseInt(args[3]);
        try (LocalWriter w = p.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT)) {
          await(() -> w.matchedReaders() == 1 && p.endpointsAnnounced(), 60);
          for (int i = 0; i < n; i++) {
            byte[] s = text(i, size);
            ByteBuffer cdr = ByteBuffer.allocate(9 + size).order(ByteOrder.LITTLE_ENDIAN);
            cdr.put(new byte[] {0, 1, 0, 0}).putInt(size + 1).put(s).put((byte) 0);
            w.write(cdr.flip());
            System.out.println("wrote " + i);
            TimeUnit.MILLISECONDS.sleep(200); // the publishing rate
          }
          await(() -> false, 10); // the peer exits once it has them all; this process is killed then
        }
      } else {
        AtomicInteger next = new AtomicInteger(-1);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        try (LocalReader r = p.createReader(TOPIC, TYPE, Qos.ROS_DEFAULT, s -> {
          ByteBuffer in = s.payload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
          int length = in.getInt(4) - 1;
          byte[] b = new byte[Math.max(0, Math.min(length, in.remaining() - 8))];
          in.position(8).get(b);
          String head = new String(b, 0, Math.min(b.length, 16), StandardCharsets.US_ASCII);
          int i = Integer.parseInt(head.substring(6, head.indexOf(' ', 6)));
          if (next.get() >= 0 && i != next.get() || !Arrays.equals(b, text(i, length))) {
            bad.incrementAndGet();
            System.out.println("bad " + i + " expected " + next.get());
          } else {
            System.out.println("ok " + i);
            done.incrementAndGet();
          }
          next.set(i + 1);
        })) {
          await(() -> done.get() >= n || bad.get() > 0, Integer.parseInt(args[3]));
          System.exit(bad.get() == 0 && done.get() >= n ? 0 : 1);
        }
      }
    }
  }

  private static void await(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10); // polling a condition with a deadline
    }
  }
}
