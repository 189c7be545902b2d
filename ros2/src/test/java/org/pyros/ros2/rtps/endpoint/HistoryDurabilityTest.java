package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros2.rtps.endpoint.Fixture.MS;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.qos.Durability;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;
import org.pyros.ros2.rtps.wire.Submessage;

/** What the history keeps, and what late joiners get per durability. */
class HistoryDurabilityTest {
  private static final WriterSettings WRITER = WriterSettings.DEFAULT.withHeartbeatPeriod(Duration.ofMillis(20));
  private static final Qos TL_RELIABLE = Qos.ROS_DEFAULT.withDurability(Durability.TRANSIENT_LOCAL);

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private static void settle(TestNetwork net, int ticks) {
    for (int i = 0; i < ticks; i++) {
      net.tick(10 * MS);
    }
  }

  @Test
  void keepLastDropsTheOldestAndAReaderCutOffGetsTheLastDepth() {
    TestNetwork net = new TestNetwork(1);
    TestNetwork.Node a = net.node(1);
    TestNetwork.Node b = net.node(2);
    StatefulWriter w = Fixture.writer(a, 1, Qos.ROS_DEFAULT.withHistory(History.keepLast(3)), WRITER);
    Fixture.Collected r = Fixture.reader(b, 1, Qos.ROS_DEFAULT, ReaderSettings.DEFAULT);
    Fixture.match(w, a, r, b);
    net.deliverAll();
    Fixture.write(w, 1, 32);
    net.deliverAll();
    a.disconnected = true;
    for (int i = 2; i <= 10; i++) {
      Fixture.write(w, i, 32);
    }
    assertEquals(3, w.historySize());
    a.disconnected = false;
    settle(net, 10);
    assertEquals(List.of(1L, 8L, 9L, 10L), r.sns, "1 arrived, 2..7 left the history before the reader could have them");
    r.assertPayload(1, 8, 32);
    assertTrue(w.acknowledgedByAll());
  }

  @Test
  void requestedSamplesNoLongerHeldAreAnsweredWithAGap() {
    TestNetwork net = new TestNetwork(2);
    TestNetwork.Node a = net.node(1);
    TestNetwork.Node b = net.node(2);
    StatefulWriter w = Fixture.writer(a, 1, Qos.ROS_DEFAULT.withHistory(History.keepLast(2)), WRITER);
    Fixture.Collected r = Fixture.reader(b, 1, Qos.ROS_DEFAULT,
        ReaderSettings.DEFAULT.withAckNackDelay(Duration.ofMillis(5)));
    Fixture.match(w, a, r, b);
    net.tick(1 * MS); // clocks start: the next periodic heartbeat is 20 ms away
    a.disconnected = true;
    Fixture.write(w, 1, 32); // lost
    a.disconnected = false;
    Fixture.write(w, 2, 32); // held, and its heartbeat [1, 2] makes the reader ask for 1 in 5 ms
    net.deliverAll();
    assertEquals(List.of(), r.sns);
    a.disconnected = true;
    Fixture.write(w, 3, 32); // 1 leaves the history; 3 is lost
    a.disconnected = false;
    b.logging = true;
    net.tick(6 * MS);
    assertTrue(b.log.stream().anyMatch(s -> s instanceof Submessage.Gap g && g.gapStart() == 1),
        "the ACKNACK for 1 is answered with a GAP: " + b.log);
    settle(net, 5);
    assertEquals(List.of(2L, 3L), r.sns);
    assertTrue(w.acknowledgedByAll());
  }

  @Test
  void keepAllDropsTheOldestUnacknowledgedWhenFullRatherThanBlock() {
    TestNetwork net = new TestNetwork(3);
    TestNetwork.Node a = net.node(1);
    TestNetwork.Node b = net.node(2);
    StatefulWriter w = Fixture.writer(a, 1, Qos.ROS_DEFAULT.withHistory(History.keepAll(1000)),
        WRITER.withLimits(5, 1 << 20));
    Fixture.Collected r = Fixture.reader(b, 1, Qos.ROS_DEFAULT, ReaderSettings.DEFAULT);
    Fixture.match(w, a, r, b);
    net.deliverAll();
    a.disconnected = true;
    for (int i = 1; i <= 12; i++) {
      Fixture.write(w, i, 32); // returns: never blocks on the reader
    }
    assertEquals(5, w.historySize());
    a.disconnected = false;
    settle(net, 10);
    assertEquals(range(8, 12), r.sns);
    assertTrue(w.acknowledgedByAll());
    assertEquals(0, w.historySize(), "a volatile KEEP_ALL writer forgets what every reader acknowledged");
  }

  @Test
  void historyBytesAreBounded() {
    TestNetwork net = new TestNetwork(4);
    TestNetwork.Node a = net.node(1);
    StatefulWriter w = Fixture.writer(a, 1, TL_RELIABLE.withHistory(History.keepLast(100)),
        WRITER.withLimits(100, 10_000));
    for (int i = 1; i <= 20; i++) {
      Fixture.write(w, i, 1000);
    }
    assertEquals(10, w.historySize());
    try {
      Fixture.write(w, 21, 10_004);
      throw new AssertionError("a sample larger than the history must be refused");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().contains("10004"));
    }
  }

  @Test
  void transientLocalLateJoinerGetsTheLastDepthReliableAndBestEffort() {
    TestNetwork net = new TestNetwork(5).faults(0.1, 0.0, 0.0);
    TestNetwork.Node a = net.node(1);
    TestNetwork.Node b = net.node(2);
    StatefulWriter w = Fixture.writer(a, 1, TL_RELIABLE.withHistory(History.keepLast(5)), WRITER);
    for (int i = 1; i <= 20; i++) {
      Fixture.write(w, i, 48);
    }
    Fixture.Collected reliable = Fixture.reader(b, 1, TL_RELIABLE, ReaderSettings.DEFAULT);
    Fixture.match(w, a, reliable, b);
    settle(net, 30);
    assertEquals(range(16, 20), reliable.sns);
    reliable.assertPayload(0, 16, 48);

    TestNetwork quiet = new TestNetwork(6);
    TestNetwork.Node c = quiet.node(1);
    TestNetwork.Node d = quiet.node(2);
    StatefulWriter w2 = Fixture.writer(c, 1, TL_RELIABLE.withHistory(History.keepLast(5)), WRITER);
    for (int i = 1; i <= 20; i++) {
      Fixture.write(w2, i, 48);
    }
    Fixture.Collected bestEffort = Fixture.reader(d, 2,
        TL_RELIABLE.withReliability(Reliability.BEST_EFFORT), ReaderSettings.DEFAULT);
    Fixture.match(w2, c, bestEffort, d);
    quiet.deliverAll();
    assertEquals(range(16, 20), bestEffort.sns, "pushed to a best-effort late joiner");
  }

  @Test
  void volatileLateJoinerGetsOnlyNewSamples() {
    for (Durability writerDurability : Durability.values()) {
      if (writerDurability.compareTo(Durability.TRANSIENT_LOCAL) > 0) {
        continue;
      }
      TestNetwork net = new TestNetwork(7).faults(0.1, 0.05, 0.1);
      TestNetwork.Node a = net.node(1);
      TestNetwork.Node b = net.node(2);
      StatefulWriter w = Fixture.writer(a, 1, Qos.ROS_DEFAULT.withDurability(writerDurability), WRITER);
      for (int i = 1; i <= 20; i++) {
        Fixture.write(w, i, 32);
      }
      Fixture.Collected r = Fixture.reader(b, 1, Qos.ROS_DEFAULT, ReaderSettings.DEFAULT);
      Fixture.match(w, a, r, b);
      settle(net, 5);
      assertEquals(List.of(), r.sns, writerDurability + " writer: nothing old for a volatile reader");
      for (int i = 21; i <= 25; i++) {
        Fixture.write(w, i, 32);
        net.deliverAll();
      }
      settle(net, 30);
      assertEquals(range(21, 25), r.sns, writerDurability + " writer");
      assertTrue(w.acknowledgedByAll());
    }
  }
}
