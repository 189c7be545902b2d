package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.msg.Message;
import org.pyros.ros.peer.RosPeer;

/**
 * A publisher process dies mid-stream (SIGKILL: its TCPROS connection breaks, and it never
 * unregisters): Pyros keeps running, keeps its subscription, and receives from the next
 * publisher of the topic.
 */
class PublisherKilledInteropTest {
  @RegisterExtension
  static final RosGraph graph = RosGraph.withNode("pyros_survivor");

  static String publisher(String name, String text) {
    return """
        import rospy
        from std_msgs.msg import String
        rospy.init_node("%s")
        pub = rospy.Publisher("/t/stream", String, queue_size=10)
        rate = rospy.Rate(50)
        print("ready", flush=True)
        while not rospy.is_shutdown():
            pub.publish(String("%s"))
            rate.sleep()
        """.formatted(name, text);
  }

  @Test
  void aKilledPublisherIsReplacedAndTheSubscriptionGoesOn() throws Exception {
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    try (RosPeer.Program first = graph.ros().startPython(publisher("first_pub", "from first"))) {
      first.awaitOutput("ready", Duration.ofSeconds(20));
      Interop.retry(() -> await(graph.pyros().client.subscribe("/t/stream", m -> got.add(m.getString("data")))));
      assertEquals("from first", got.poll(20, TimeUnit.SECONDS));
      first.signal("KILL");
      assertTrue(first.waitFor(Duration.ofSeconds(5)), "the publisher survived SIGKILL");
    }
    // Whatever was in flight has arrived or is lost with the process; start from a clean queue.
    got.clear();
    try (RosPeer.Program second = graph.ros().startPython(publisher("second_pub", "from second"))) {
      second.awaitOutput("ready", Duration.ofSeconds(20));
      String next = got.poll(20, TimeUnit.SECONDS);
      while ("from first".equals(next)) {
        next = got.poll(20, TimeUnit.SECONDS);
      }
      assertNotNull(next, "nothing from the second publisher within 20 s");
      assertEquals("from second", next);
      // The node itself is still serving requests.
      Message latest = await(graph.pyros().client.latest("/t/stream")).orElseThrow();
      assertEquals("from second", latest.getString("data"));
    }
  }
}
