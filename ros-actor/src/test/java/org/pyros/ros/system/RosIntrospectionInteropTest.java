package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;
import org.pyros.ros.peer.RosPeer;

/**
 * The ROS introspection tools describe the Pyros node as they describe any ROS node: rosnode
 * info (master state plus our node API: pid, bus info), rostopic info, rosnode ping and list.
 */
class RosIntrospectionInteropTest {
  static final String NODE = "/pyros_intro";
  @RegisterExtension
  static final RosGraph graph = RosGraph.withNode(NODE);

  @Test
  void rosnodeAndRostopicDescribeThePyrosNode() throws Exception {
    MessageType string = await(graph.pyros().ros.messageType("std_msgs/String"));
    // A service provided through Pyros.
    MessageType triggerResponse = await(graph.pyros().ros.serviceType("std_srvs/Trigger")).response();
    ActorRef<ServiceRequest> handler = graph.pyros().testKit.spawn(Behaviors.receiveMessage(req -> {
      req.replyTo().tell(Reply.ok(Message.builder(triggerResponse).set("success", true).build()));
      return Behaviors.same();
    }));
    TestProbe<Reply<Done>> provided = graph.pyros().testKit.createTestProbe();
    graph.pyros().node.tell(new PyrosNode.ProvideService("/s/intro_trigger", "std_srvs/Trigger", handler, provided.ref()));
    assertInstanceOf(Reply.Ok.class, provided.receiveMessage(Duration.ofSeconds(10)));

    try (RosPeer.Program pub = graph.ros().start("rostopic", "pub", "-r", "10", "/t/intro_in", "std_msgs/String", "data: in");
        RosPeer.Program echo = graph.ros().start("rostopic", "echo", "/t/intro_out")) {
      // Inbound connection: a Pyros subscriber that got a message from rostopic pub.
      LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
      Interop.retry(() -> await(graph.pyros().client.subscribe("/t/intro_in", got::add)));
      assertNotNull(got.poll(20, TimeUnit.SECONDS), "no message from rostopic pub");
      // Outbound connection: a Pyros publication that rostopic echo printed.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!echo.stdout().contains("data: \"out\"") && System.nanoTime() < deadline) {
        await(graph.pyros().client.publish("/t/intro_out", Message.builder(string).set("data", "out").build()));
        echo.waitFor(Duration.ofMillis(100));
      }
      assertTrue(echo.stdout().contains("data: \"out\""), "rostopic echo got nothing: " + echo.stderr());
      Interop.awaitService(graph.ros().masterUri(), "/s/intro_trigger", NODE);

      RosPeer.Result info = graph.ros().run("rosnode", "info", NODE);
      assertTrue(info.ok(), info.toString());
      String out = info.stdout();
      assertTrue(out.contains("Node [" + NODE + "]"), out);
      // Like any rospy node, Pyros publishes /rosout.
      assertEquals(Set.of(" * /rosout [rosgraph_msgs/Log]", " * /t/intro_out [std_msgs/String]"),
          Set.copyOf(section(out, "Publications:")), out);
      // The node also subscribes to what it publishes (its topic actor keeps the latest message).
      List<String> subscriptions = section(out, "Subscriptions:");
      assertTrue(subscriptions.contains(" * /t/intro_in [std_msgs/String]"), out);
      assertTrue(Set.of(" * /t/intro_in [std_msgs/String]", " * /t/intro_out [std_msgs/String]").containsAll(subscriptions), out);
      assertEquals(List.of(" * /s/intro_trigger"), section(out, "Services:"), out);
      assertTrue(out.contains("contacting node " + graph.pyros().ros.nodeUri()), out);
      assertTrue(out.contains("Pid: " + ProcessHandle.current().pid()), out);
      // Each connection as "topic / to / direction / transport", as rosnode prints them.
      String pubNode = "/rostopic_" + pub.pid() + "_";
      String echoNode = "/rostopic_" + echo.pid() + "_";
      assertTrue(Pattern.compile(" \\* topic: /t/intro_in\n    \\* to: " + Pattern.quote(pubNode) + "\\d+ \\(http://127\\.0\\.0\\.1:\\d+/\\)\n"
          + "    \\* direction: inbound[^\n]*\n    \\* transport: TCPROS\n").matcher(out).find(), out);
      assertTrue(Pattern.compile(" \\* topic: /t/intro_out\n    \\* to: " + Pattern.quote(echoNode) + "\\d+\\S*\n"
          + "    \\* direction: outbound[^\n]*\n    \\* transport: TCPROS\n").matcher(out).find(), out);

      RosPeer.Result topic = graph.ros().run("rostopic", "info", "/t/intro_out");
      assertTrue(topic.ok(), topic.toString());
      String t = topic.stdout();
      assertTrue(t.contains("Type: std_msgs/String"), t);
      assertEquals(List.of(" * " + NODE + " (" + graph.pyros().ros.nodeUri() + ")"), section(t, "Publishers:"), t);
      List<String> subscribers = section(t, "Subscribers:");
      assertTrue(subscribers.stream().anyMatch(l -> l.startsWith(" * " + echoNode)), t);

      RosPeer.Result in = graph.ros().run("rostopic", "info", "/t/intro_in");
      assertEquals(List.of(" * " + NODE + " (" + graph.pyros().ros.nodeUri() + ")"), section(in.stdout(), "Subscribers:"), in.toString());

      RosPeer.Result type = graph.ros().run("rosservice", "type", "/s/intro_trigger");
      assertEquals("std_srvs/Trigger", type.stdout().strip(), type.toString());
    }
  }

  @Test
  void rosnodePingAndListReachThePyrosNode() {
    RosPeer.Result list = graph.ros().run("rosnode", "list");
    assertTrue(list.stdout().lines().anyMatch(NODE::equals), list.toString());
    RosPeer.Result ping = graph.ros().run("rosnode", "ping", "-c", "2", NODE);
    assertTrue(ping.ok(), ping.toString());
    Matcher replies = Pattern.compile("xmlrpc reply from " + Pattern.quote(graph.pyros().ros.nodeUri().toString()) + "\\s+time=").matcher(ping.stdout());
    int n = 0;
    while (replies.find()) {
      n++;
    }
    assertEquals(2, n, ping.toString());
  }

  /** The " * item" lines under a heading of rosnode/rostopic info output. */
  static List<String> section(String out, String heading) {
    List<String> lines = out.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(heading)) {
        start = i + 1;
        break;
      }
    }
    if (start < 0) {
      return List.of();
    }
    return lines.subList(start, lines.size()).stream().takeWhile(l -> l.startsWith(" * ")).toList();
  }
}
