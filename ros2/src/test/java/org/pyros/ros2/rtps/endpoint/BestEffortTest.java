package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros2.rtps.endpoint.Fixture.MS;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.Submessage;

/** Best effort: what arrives, in order, never older than what was delivered; nothing asked back. */
class BestEffortTest {

  @Test
  void dropsButNeverReordersOrRepeats() {
    TestNetwork net = new TestNetwork(11).faults(0.2, 0.2, 0.5);
    TestNetwork.Node a = net.node(1);
    TestNetwork.Node b = net.node(2);
    StatefulWriter w = Fixture.writer(a, 1, Qos.SENSOR_DATA, WriterSettings.DEFAULT.withFragmentSize(1000, 4000));
    Fixture.Collected r = Fixture.reader(b, 1, Qos.SENSOR_DATA, ReaderSettings.DEFAULT);
    Fixture.Collected reliableAsking = Fixture.reader(b, 2, Qos.ROS_DEFAULT, ReaderSettings.DEFAULT);
    Fixture.match(w, a, r, b);
    Fixture.match(w, a, reliableAsking, b); // a best-effort writer serves a reliable reader best effort
    b.logging = true;
    a.logging = true;
    for (int i = 1; i <= 400; i++) {
      Fixture.write(w, i, i % 10 == 0 ? 6000 : 40); // every tenth fragmented
      if (i % 3 == 0) {
        net.deliverAll();
      }
      if (i % 50 == 0) {
        net.tick(100 * MS);
      }
    }
    net.tick(100 * MS);
    for (Fixture.Collected c : List.of(r, reliableAsking)) {
      assertTrue(c.count() > 200 && c.count() < 400, "some lost, most delivered: " + c.count());
      for (int i = 1; i < c.sns.size(); i++) {
        assertTrue(c.sns.get(i) > c.sns.get(i - 1), "strictly increasing: " + c.sns);
      }
      for (int i = 0; i < c.sns.size(); i++) {
        long sn = c.sns.get(i);
        c.assertPayload(i, sn, sn % 10 == 0 ? 6000 : 40);
      }
    }
    assertTrue(r.sns.stream().anyMatch(sn -> sn % 10 == 0), "fragmented samples get through too");
    assertTrue(b.log.stream().noneMatch(s -> s instanceof Submessage.Heartbeat), "no heartbeats");
    assertTrue(a.log.stream().noneMatch(s -> s instanceof Submessage.AckNack), "no ACKNACKs");
    assertEquals(5, w.historySize(), "KEEP_LAST 5");
  }
}
