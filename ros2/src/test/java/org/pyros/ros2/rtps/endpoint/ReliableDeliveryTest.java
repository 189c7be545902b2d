package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros2.rtps.endpoint.Fixture.MS;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;

/** A reliable writer and readers over a lossy network: every sample once, in order. */
class ReliableDeliveryTest {
  private static final Qos KEEP_ALL = Qos.ROS_DEFAULT.withHistory(History.keepAll(5000));
  private static final WriterSettings WRITER = WriterSettings.DEFAULT.withHeartbeatPeriod(Duration.ofMillis(20));

  /** Writes {@code count} samples of {@code size} bytes, a tick every {@code writesPerTick}, and ticks until all arrived. */
  private static void run(TestNetwork net, StatefulWriter w, List<Fixture.Collected> readers, int count, int size,
      int writesPerTick) {
    for (int i = 1; i <= count; i++) {
      Fixture.write(w, i, size);
      net.deliverAll();
      if (i % writesPerTick == 0) {
        net.tick(5 * MS);
      }
    }
    for (int t = 0; t < 20_000 && !(w.acknowledgedByAll() && readers.stream().allMatch(r -> r.count() == count)); t++) {
      net.tick(5 * MS);
    }
    for (Fixture.Collected r : readers) {
      assertEquals(LongStream.rangeClosed(1, count).boxed().toList(), r.sns, "each sample once, in order");
      for (int i = 0; i < count; i++) {
        r.assertPayload(i, i + 1, size);
      }
    }
    assertTrue(w.acknowledgedByAll(), "the writer learns that every reader has everything");
    System.out.printf("%d datagrams sent, %d lost, %d bytes%n", net.sent, net.dropped, net.bytesSent);
  }

  @ParameterizedTest(name = "loss {0}, duplicates {1}, reordering {2}, ACKNACK delay {3} ms")
  @CsvSource({"0.0, 0.0, 0.0, 0", "0.05, 0.05, 0.1, 5", "0.2, 0.1, 0.3, 0", "0.2, 0.1, 0.3, 5"})
  void smallSamplesArriveOnceInOrder(double loss, double dup, double reorder, int ackDelayMs) {
    TestNetwork net = new TestNetwork(42).faults(loss, dup, reorder);
    TestNetwork.Node a = net.node(1);
    TestNetwork.Node b = net.node(2);
    StatefulWriter w = Fixture.writer(a, 1, KEEP_ALL, WRITER);
    ReaderSettings rs = ReaderSettings.DEFAULT.withAckNackDelay(Duration.ofMillis(ackDelayMs));
    Fixture.Collected r1 = Fixture.reader(b, 1, Qos.ROS_DEFAULT, rs);
    Fixture.Collected r2 = Fixture.reader(b, 2, Qos.ROS_DEFAULT, rs);
    Fixture.match(w, a, r1, b);
    Fixture.match(w, a, r2, b);
    net.deliverAll();
    run(net, w, List.of(r1, r2), 500, 64, 7);
  }

  @ParameterizedTest(name = "loss {0}, fragment {1} bytes in datagrams of {2}")
  @CsvSource({"0.05, 62000, 64000", "0.2, 62000, 64000", "0.1, 1344, 14720", "0.2, 1000, 8000"})
  void fragmentedSamplesArriveOnceInOrder(double loss, int fragmentSize, int datagram) {
    TestNetwork net = new TestNetwork(7).faults(loss, 0.05, 0.2);
    TestNetwork.Node a = net.node(1);
    TestNetwork.Node b = net.node(2);
    StatefulWriter w = Fixture.writer(a, 1, KEEP_ALL, WRITER.withFragmentSize(fragmentSize, datagram));
    Fixture.Collected r = Fixture.reader(b, 1, Qos.ROS_DEFAULT, ReaderSettings.DEFAULT);
    Fixture.match(w, a, r, b);
    net.deliverAll();
    run(net, w, List.of(r), 6, 1 << 20, 1);
  }

  @Test
  void mixedSizesKeepTheirOrder() {
    TestNetwork net = new TestNetwork(3).faults(0.1, 0.05, 0.2);
    TestNetwork.Node a = net.node(1);
    TestNetwork.Node b = net.node(2);
    StatefulWriter w = Fixture.writer(a, 1, KEEP_ALL, WRITER.withFragmentSize(4000, 20000));
    Fixture.Collected r = Fixture.reader(b, 1, Qos.ROS_DEFAULT, ReaderSettings.DEFAULT);
    Fixture.match(w, a, r, b);
    int[] sizes = {16, 40_000, 8, 3996, 4000, 4004, 100_000, 12};
    for (int i = 0; i < sizes.length; i++) {
      Fixture.write(w, i + 1, sizes[i]);
      net.deliverAll();
    }
    for (int t = 0; t < 5000 && r.count() < sizes.length; t++) {
      net.tick(5 * MS);
    }
    assertEquals(LongStream.rangeClosed(1, sizes.length).boxed().toList(), r.sns);
    for (int i = 0; i < sizes.length; i++) {
      r.assertPayload(i, i + 1, sizes[i]);
    }
    assertEquals(1000 + 1, r.timestamps.get(0).seconds(), "the source time of INFO_TS");
  }
}
