package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.RosTime;
import org.pyros.ros.peer.RosPeer;

/**
 * Messages between Pyros and real ROS programs, both ways, checked field by field: rostopic pub
 * and a rospy publisher into Pyros subscribers; Pyros publishers into rostopic echo and a rospy
 * subscriber; a latched Pyros topic seen by a late rostopic echo.
 */
class RosTopicInteropTest {
  static final String NODE = "/pyros_topics";
  @RegisterExtension
  static final RosGraph graph = RosGraph.withNode(NODE);

  /** Subscribes through Pyros once the topic is in the graph; returns the first message. */
  static Message firstMessage(String topic, RosPeer.Program publisher) throws InterruptedException {
    LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
    PyrosClient.TopicSubscription sub = Interop.retry(() -> {
      if (!publisher.isAlive()) {
        fail(publisher + " exited: " + publisher.stdout() + publisher.stderr());
      }
      return await(graph.pyros().client.subscribe(topic, got::add));
    });
    try {
      Message m = got.poll(20, TimeUnit.SECONDS);
      assertNotNull(m, "no message on " + topic + " from " + publisher + "\n" + publisher.stderr());
      return m;
    } finally {
      await(sub.cancel());
    }
  }

  @Test
  void theClientNamesTheNodeBehindATopicWithOnlyItsExposedNames() {
    try (RosPeer.Program pub = graph.ros().start("rostopic", "pub", "-r", "5", "/t/nodes_probe", "std_msgs/String",
        "data: x")) {
      NodeInfo talker = Interop.retry(() -> {
        List<NodeInfo> nodes = await(graph.pyros().client.nodes());
        return nodes.stream().filter(n -> n.publications().contains("/t/nodes_probe")).findFirst()
            .orElseThrow(() -> new AssertionError("no node publishes /t/nodes_probe in " + nodes));
      });
      assertTrue(talker.name().startsWith("/rostopic_"), talker.toString());
      // Its logger services are not exposed (only /s/** is): they are not shown.
      assertEquals(List.of(), talker.services(), talker.toString());
    }
  }

  @Test
  void rostopicPubTwistArrivesIntact() throws Exception {
    try (RosPeer.Program pub = graph.ros().start("rostopic", "pub", "-r", "20", "/t/cmd_vel", "geometry_msgs/Twist",
        "{linear: {x: 0.5, y: -1.25, z: 3.0}, angular: {x: 0.0, y: 1.0e-3, z: -1.5}}")) {
      Message m = firstMessage("/t/cmd_vel", pub);
      assertEquals("geometry_msgs/Twist", m.type().name());
      Message linear = m.getMessage("linear");
      Message angular = m.getMessage("angular");
      assertEquals(List.of(0.5, -1.25, 3.0), List.of(linear.getDouble("x"), linear.getDouble("y"), linear.getDouble("z")));
      assertEquals(List.of(0.0, 1.0e-3, -1.5), List.of(angular.getDouble("x"), angular.getDouble("y"), angular.getDouble("z")));
    }
  }

  @Test
  void rostopicPubJointStateWithHeaderAndArraysArrivesIntact() throws Exception {
    try (RosPeer.Program pub = graph.ros().start("rostopic", "pub", "-r", "20", "/t/joints", "sensor_msgs/JointState",
        "{header: {stamp: {secs: 1234, nsecs: 567890}, frame_id: base_link}, name: [shoulder, elbow, wrist],"
            + " position: [0.25, -1.5, 3.125], velocity: [], effort: [10.0, 20.5, -30.25]}")) {
      Message m = firstMessage("/t/joints", pub);
      Message header = m.getMessage("header");
      assertEquals("base_link", header.getString("frame_id"));
      assertEquals(new RosTime(1234, 567890), header.get("stamp"));
      assertEquals(List.of("shoulder", "elbow", "wrist"), m.getList("name"));
      assertEquals(List.of(0.25, -1.5, 3.125), m.getList("position"));
      assertEquals(List.of(), m.getList("velocity"));
      assertEquals(List.of(10.0, 20.5, -30.25), m.getList("effort"));
    }
  }

  @Test
  void rospyImage640x480x3ArrivesIntactByteForByte() throws Exception {
    String script = """
        import rospy
        from sensor_msgs.msg import Image
        rospy.init_node("image_pub")
        pub = rospy.Publisher("/t/camera/image", Image, queue_size=2)
        w, h = 640, 480
        data = bytes((i * 7 + i // 1920) % 251 for i in range(w * h * 3))
        msg = Image(height=h, width=w, encoding="rgb8", is_bigendian=0, step=w * 3, data=data)
        msg.header.frame_id = "camera"
        msg.header.stamp = rospy.Time(1700000000, 123456789)
        rate = rospy.Rate(5)
        while not rospy.is_shutdown():
            pub.publish(msg)
            rate.sleep()
        """;
    try (RosPeer.Program py = graph.ros().startPython(script)) {
      Message m = firstMessage("/t/camera/image", py);
      assertEquals(480, m.getLong("height"));
      assertEquals(640, m.getLong("width"));
      assertEquals("rgb8", m.getString("encoding"));
      assertEquals(1920, m.getLong("step"));
      assertEquals("camera", m.getMessage("header").getString("frame_id"));
      assertEquals(new RosTime(1700000000L, 123456789L), m.getMessage("header").get("stamp"));
      ByteString data = m.getBytes("data");
      assertEquals(640 * 480 * 3, data.length());
      for (int i = 0; i < data.length(); i++) {
        int expected = (i * 7 + i / 1920) % 251;
        if ((data.apply(i) & 0xff) != expected) {
          fail("byte " + i + " is " + (data.apply(i) & 0xff) + ", the rospy script sent " + expected);
        }
      }
    }
  }

  /** A JointState built in Pyros, numbered by {@code n}. */
  static Message joints(int n) {
    Message header = Message.builder(await(graph.pyros().ros.messageType("std_msgs/Header")))
        .set("stamp", new RosTime(100 + n, 250_000_000)).set("frame_id", "pyros_frame").build();
    return Message.builder(await(graph.pyros().ros.messageType("sensor_msgs/JointState")))
        .set("header", header)
        .set("name", List.of("j0", "j1"))
        .set("position", List.of(n + 0.5, -2.0))
        .set("velocity", List.of())
        .set("effort", List.of(1.0e-3, (double) n))
        .build();
  }

  /** Publishes numbered messages every 100 ms until {@code receiver} ends (or 30 s pass). */
  static void publishUntilDone(String topic, RosPeer.Program receiver) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int n = 0;
    while (receiver.isAlive() && System.nanoTime() < deadline) {
      await(graph.pyros().client.publish(topic, joints(n++)));
      receiver.waitFor(Duration.ofMillis(100));
    }
    assertTrue(receiver.waitFor(Duration.ofSeconds(5)), receiver + " did not finish: " + receiver.stdout() + receiver.stderr());
  }

  @Test
  void aPyrosPublisherReachesRostopicEchoIntact() {
    try (RosPeer.Program echo = graph.ros().start("rostopic", "echo", "-n", "2", "/t/pyros_joints")) {
      publishUntilDone("/t/pyros_joints", echo);
      String out = echo.stdout();
      List<String> frames = out.lines().filter(l -> l.strip().startsWith("frame_id:")).toList();
      assertEquals(List.of("  frame_id: \"pyros_frame\"", "  frame_id: \"pyros_frame\""), frames, out);
      List<String> positions = out.lines().filter(l -> l.startsWith("position:")).toList();
      assertEquals(2, positions.size(), out);
      // Consecutive messages: nothing lost or reordered between the two echo printed.
      double first = Double.parseDouble(positions.get(0).replaceAll("position: \\[(.*), -2\\.0\\]", "$1"));
      int n = (int) (first - 0.5);
      assertEquals(List.of("position: [" + (n + 0.5) + ", -2.0]", "position: [" + (n + 1.5) + ", -2.0]"), positions, out);
      assertTrue(out.contains("name: \n  - j0\n  - j1\n"), out);
      assertTrue(out.contains("velocity: []"), out);
      assertTrue(out.contains("effort: [0.001, " + (double) n + "]"), out);
      assertTrue(out.contains("secs: " + (100 + n)) && out.contains("nsecs: 250000000"), out);
    }
  }

  @Test
  void aPyrosPublisherReachesARospySubscriberIntact() {
    String script = """
        import rospy
        from sensor_msgs.msg import JointState
        seen = []
        def got(m):
            seen.append(m)
            h = m.header
            print("msg %s %d.%09d %s %r %r %r seq=%d" % (h.frame_id, h.stamp.secs, h.stamp.nsecs, ",".join(m.name),
                  list(m.position), list(m.velocity), list(m.effort), h.seq), flush=True)
            if len(seen) == 3:
                rospy.signal_shutdown("done")
        rospy.init_node("joint_listener")
        rospy.Subscriber("/t/pyros_joints_py", JointState, got)
        rospy.spin()
        """;
    try (RosPeer.Program py = graph.ros().startPython(script)) {
      publishUntilDone("/t/pyros_joints_py", py);
      List<String> lines = py.stdout().lines().filter(l -> l.startsWith("msg ")).toList();
      assertEquals(3, lines.size(), py.stdout() + py.stderr());
      int n = Integer.parseInt(lines.get(0).split(" ")[2].split("\\.")[0]) - 100;
      for (int i = 0; i < 3; i++) {
        int k = n + i;
        // header.seq numbers the topic's messages from 1, as rospy does: message k is the (k+1)th.
        assertEquals("msg pyros_frame " + (100 + k) + ".250000000 j0,j1 [" + (k + 0.5) + ", -2.0] [] [0.001, " + (double) k + "]"
            + " seq=" + (k + 1), lines.get(i));
      }
    }
  }

  @Test
  void aLatchedPyrosTopicReachesALateRostopicEcho() {
    Message status = Message.builder(await(graph.pyros().ros.messageType("std_msgs/String"))).set("data", "latched hello").build();
    await(graph.pyros().client.publish("/t/latched/status", status));
    Interop.awaitPublisher(graph.ros().masterUri(), "/t/latched/status", NODE);
    // Published once, before anyone subscribed: only latching can deliver it.
    RosPeer.Result echo = graph.ros().run(Duration.ofSeconds(20), "rostopic", "echo", "-n", "1", "/t/latched/status");
    assertTrue(echo.ok(), echo.toString());
    assertEquals("data: \"latched hello\"", echo.stdout().lines().findFirst().orElse(""), echo.toString());
  }
}
