package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.ros.peer.RosPeer;

/**
 * The node's topic counters move with real ROS traffic: a rospy talker into Pyros, Pyros into a
 * rospy listener. Bytes are those of the TCPROS message bodies: a std_msgs/String is its 4-byte
 * length and its characters.
 */
class RosMetricsInteropTest {
  @RegisterExtension
  static final RosGraph graph = RosGraph.withNode("/pyros_metrics");

  @Test
  void messagesInAndOutAreCountedWithRospyTalkerAndListener() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    graph.pyros().pyros.runtime().metrics().bindTo(registry);
    String talker = """
        import rospy
        from std_msgs.msg import String
        rospy.init_node("metrics_talker")
        pub = rospy.Publisher("/t/metrics_in", String, queue_size=10)
        rate = rospy.Rate(20)
        while not rospy.is_shutdown():
            pub.publish(String(data="hello"))
            rate.sleep()
        """;
    String listener = """
        import rospy
        from std_msgs.msg import String
        rospy.init_node("metrics_listener")
        got = []
        def on(m):
            got.append(m.data)
            if len(got) == 3:
                print("GOT 3", flush=True)
                rospy.signal_shutdown("done")
        rospy.Subscriber("/t/metrics_out", String, on)
        rospy.spin()
        """;
    try (RosPeer.Program py = graph.ros().startPython(talker)) {
      PyrosClient.TopicSubscription sub = Interop.retry(() -> await(graph.pyros().client.subscribe("/t/metrics_in", m -> {})));
      RosPeer.await("five messages counted in", Duration.ofSeconds(20), () -> count(registry, "/t/metrics_in", "in") >= 5);
      double bytesIn = bytes(registry, "/t/metrics_in", "in");
      assertTrue(bytesIn >= 5 * 9 && bytesIn % 9 == 0, "bytes in: " + bytesIn + ", 9 per \"hello\"");
      await(sub.cancel());
    }

    try (RosPeer.Program py = graph.ros().startPython(listener)) {
      int published = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (py.isAlive() && System.nanoTime() < deadline) {
        await(graph.pyros().client.publish("/t/metrics_out", Message.builder(StandardTypes.STRING).set("data", "x").build()));
        published++;
        py.waitFor(Duration.ofMillis(100));
      }
      assertTrue(py.stdout().contains("GOT 3"), py + ": " + py.stdout() + py.stderr());
      assertEquals(published, count(registry, "/t/metrics_out", "out"));
      assertEquals(published * 5.0, bytes(registry, "/t/metrics_out", "out"), "5 bytes per \"x\"");
    }
  }

  @Test
  void messagesAStoppedRospyListenerCouldNotTakeAreCountedAsPublicationDrops() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    graph.pyros().pyros.runtime().metrics().bindTo(registry);
    String listener = """
        import rospy
        from std_msgs.msg import String
        rospy.init_node("stalled_listener")
        def on(m):
            print("GOT", flush=True)
        rospy.Subscriber("/t/metrics_stalled", String, on, queue_size=1)
        rospy.spin()
        """;
    Message blob = Message.builder(StandardTypes.STRING).set("data", "z".repeat(256 * 1024)).build();
    try (RosPeer.Program py = graph.ros().startPython(listener)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!py.stdout().contains("GOT") && py.isAlive() && System.nanoTime() < deadline) {
        await(graph.pyros().client.publish("/t/metrics_stalled", blob));
        py.waitFor(Duration.ofMillis(100));
      }
      assertTrue(py.stdout().contains("GOT"), py + " connected: " + py.stdout() + py.stderr());
      assertEquals(0.0, publicationDrops(registry, "/t/metrics_stalled"), "a listener that reads misses nothing");
      py.signal("STOP");
      // Past the socket buffers and the subscriber's queue of 100 (pyros.topic.queue-size), the
      // publication drops its oldest message for each new one.
      int published = 400;
      for (int i = 0; i < published; i++) {
        await(graph.pyros().client.publish("/t/metrics_stalled", blob));
      }
      double dropped = publicationDrops(registry, "/t/metrics_stalled");
      assertTrue(dropped > 0 && dropped <= published, "publication drops: " + dropped);
      py.signal("CONT");
    }
  }

  static double publicationDrops(SimpleMeterRegistry registry, String topic) {
    return registry.get("pyros.topic.dropped").tags("topic", topic, "queue", "publication").functionCounter().count();
  }

  static double bytes(SimpleMeterRegistry registry, String topic, String direction) {
    FunctionCounter c = registry.find("pyros.topic.bytes").tags("topic", topic, "direction", direction).functionCounter();
    return c == null ? -1 : c.count();
  }

  static double count(SimpleMeterRegistry registry, String topic, String direction) {
    FunctionCounter c = registry.find("pyros.topic.messages").tags("topic", topic, "direction", direction).functionCounter();
    return c == null ? -1 : c.count();
  }
}
