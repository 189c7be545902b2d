package org.pyros.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;

/** The kit on a real ROS1 graph: embedded master, the node and the scripted nodes as ROS nodes. */
class EmbeddedRosKitTest {
  static PyrosTestKit kit;
  static final Duration WAIT = Duration.ofSeconds(10);

  @BeforeAll
  static void start() {
    kit = PyrosTestKit.embeddedRos(PyrosTestKit.EVERYTHING);
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  static Message text(String s) {
    return Message.builder(StandardTypes.STRING).set("data", s).build();
  }

  @Test
  void scriptedNodesAndTheNodeUnderTestTalkRos1() throws Exception {
    assertTrue(kit.backend().description().startsWith("embedded ROS master"), kit.backend().description());
    // A scripted publisher, over TCPROS to the node under test.
    ScriptedPublisher pose = kit.graph().publishing("/robot/pose", StandardTypes.POSE2D,
        () -> Message.builder(StandardTypes.POSE2D).set("x", 2.5).build());
    pose.every(Duration.ofMillis(20));
    LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
    kit.await(kit.client().subscribe("/robot/pose", got::add));
    Message received = got.poll(10, TimeUnit.SECONDS);
    assertEquals(2.5, received == null ? Double.NaN : received.getDouble("x"));
    pose.stop();

    // What the application publishes is seen by the scripted side. As in ROS, messages sent
    // before the subscriber's TCPROS connection is up are not delivered (nothing is latched
    // here), so the application publishes until the recorder has one.
    kit.graph().record("/robot/cmd", StandardTypes.STRING);
    Message seen = null;
    for (long deadline = System.nanoTime() + WAIT.toNanos(); seen == null && System.nanoTime() < deadline; ) {
      kit.await(kit.client().publish("/robot/cmd", text("go")));
      try {
        seen = kit.expectPublished("/robot/cmd", Duration.ofMillis(200));
      } catch (AssertionError notConnectedYet) {
        // publish again
      }
    }
    assertEquals(text("go"), seen);

    // A scripted service answers the application's calls.
    ScriptedService step = kit.graph().serving("/robot/step", StandardTypes.TRIGGER,
        request -> Message.builder(StandardTypes.TRIGGER.response()).set("success", true).set("message", "stepped").build());
    Message answer = kit.await(kit.client().call("/robot/step", StandardTypes.TRIGGER.request().defaultMessage()));
    assertEquals("stepped", answer.getString("message"));
    step.expectCall(WAIT);
  }
}
