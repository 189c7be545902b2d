package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.ros.peer.RosPeer;

/**
 * A node is ready when started, against real rospy nodes: what the graph had before the start
 * is usable at once, and a topic subscribed to before any publisher delivers once one comes.
 */
class ReadyOnStartInteropTest {
  RosPeer ros;

  @BeforeEach
  void master() throws Exception {
    ros = RosPeer.startMaster();
  }

  @AfterEach
  void stop() {
    ros.close();
  }

  static String talker(String node, String topic) {
    return """
        import rospy
        from std_msgs.msg import String
        rospy.init_node("%s")
        pub = rospy.Publisher("%s", String, queue_size=10)
        print("ready", flush=True)
        rate = rospy.Rate(10)
        n = 0
        while not rospy.is_shutdown():
            pub.publish(String(data="hello %%d" %% n))
            n += 1
            rate.sleep()
        """.formatted(node, topic);
  }

  @Test
  void aCallAndASubscribeRightAfterStartSucceedAtOnce() throws Exception {
    String script = """
        import rospy
        from std_msgs.msg import String
        from std_srvs.srv import Trigger, TriggerResponse
        rospy.init_node("ready_peers")
        rospy.Service("/s/ready_trigger", Trigger, lambda req: TriggerResponse(success=True, message="from rospy"))
        pub = rospy.Publisher("/t/ready_chatter", String, queue_size=10)
        print("ready", flush=True)
        rate = rospy.Rate(10)
        while not rospy.is_shutdown():
            pub.publish(String(data="chatter"))
            rate.sleep()
        """;
    try (RosPeer.Program peers = ros.startPython(script)) {
      peers.awaitOutput("ready", Duration.ofSeconds(20));
      // The graph has both before Pyros starts (asked of the master, not of Pyros).
      Interop.awaitService(ros.masterUri(), "/s/ready_trigger", "/ready_peers");
      Interop.awaitPublisher(ros.masterUri(), "/t/ready_chatter", "/ready_peers");
      try (RosNodeFixture pyros = RosNodeFixture.start(ros.masterUri(), "/pyros_ready")) {
        // No retry, no wait: start completed once the node knew the graph and its types.
        Message response = await(pyros.client.callJson("/s/ready_trigger", "{}"));
        assertEquals("from rospy", response.getString("message"));
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        await(pyros.client.subscribe("/t/ready_chatter", m -> got.add(m.getString("data"))));
        assertEquals("chatter", got.poll(20, TimeUnit.SECONDS), peers.stdout());
      }
    }
  }

  @Test
  void aSubscriptionBeforeAnyPublisherDeliversOnceARospyTalkerStarts() throws Exception {
    try (RosNodeFixture pyros = RosNodeFixture.start(ros.masterUri(), "/pyros_early")) {
      LinkedBlockingQueue<String> learnt = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<String> typed = new LinkedBlockingQueue<>();
      await(pyros.client.subscribe("/t/early_chatter", m -> learnt.add(m.getString("data"))));
      await(pyros.client.subscribe("/t/early_typed", "std_msgs/String", m -> typed.add(m.getString("data"))));
      // With the type given, Pyros registers as a subscriber before any publisher, as rospy does.
      Interop.awaitSubscriber(ros.masterUri(), "/t/early_typed", "/pyros_early");
      try (RosPeer.Program talker = ros.startPython(talker("early_talker", "/t/early_chatter"));
          RosPeer.Program typedTalker = ros.startPython(talker("typed_talker", "/t/early_typed"))) {
        String first = learnt.poll(30, TimeUnit.SECONDS);
        assertNotNull(first, "no message from the rospy talker started after the subscription: " + talker.stderr());
        assertTrue(first.startsWith("hello "), first);
        String firstTyped = typed.poll(30, TimeUnit.SECONDS);
        assertNotNull(firstTyped, "no message on the topic subscribed with its type: " + typedTalker.stderr());
        assertTrue(firstTyped.startsWith("hello "), firstTyped);
      }
    }
  }
}
