package org.pyros.ros.slave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.peer.RosPeer;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;

/**
 * The node API as a ROS tool sees it: every method called through Python's xmlrpc.client with
 * the wrong number or types of arguments, on a real rospy node and on a Pyros node, against
 * Debian's rosmaster. Both answer such calls with code -1 (never success, never a fault).
 */
class SlaveApiInteropTest {
  static final String RospyNode = """
      import rospy
      from std_msgs.msg import String
      rospy.init_node("rospy_ref")
      pub = rospy.Publisher("/chat", String, queue_size=10)
      rospy.Subscriber("/pyout", String, lambda m: None)
      print("uri " + rospy.get_node_uri(), flush=True)
      r = rospy.Rate(20)
      while not rospy.is_shutdown():
          pub.publish(String("hello from rospy"))
          r.sleep()
      """;

  static RosPeer ros;
  static RosPeer.Program rospy;
  static String rospyUri;
  static ActorTestKit testKit;
  static RosSystem pyros;
  static TopicPublisher pyout;
  static MessageType string;

  @BeforeAll
  static void start() throws Exception {
    ros = RosPeer.startMaster();
    rospy = ros.startPython(RospyNode);
    rospy.awaitOutput("uri ", Duration.ofSeconds(30));
    rospyUri = rospy.stdout().lines().filter(l -> l.startsWith("uri ")).findFirst().orElseThrow().substring(4).trim();
    testKit = ActorTestKit.create();
    pyros = RosSystem.start(testKit.system(), RosSettings.forMaster("pyros_slave", ros.masterUri()), MessageTypes.fromEnvironment())
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    string = pyros.messageType("std_msgs/String").toCompletableFuture().get(10, TimeUnit.SECONDS);
    pyros.subscribe(new TopicInfo("/chat", "std_msgs/String"), 10, m -> {}).toCompletableFuture().get(10, TimeUnit.SECONDS);
    pyout = pyros.advertise(new TopicInfo("/pyout", "std_msgs/String"), PublishOptions.DEFAULT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (pyros != null) {
      pyros.close();
    }
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
    if (ros != null) {
      ros.close();
    }
  }

  /** Calls no node should accept: wrong arity, wrong types, empty or invalid arguments. */
  static List<List<Object>> badCalls() {
    List<List<Object>> calls = new ArrayList<>();
    for (String m : List.of("getBusStats", "getBusInfo", "getMasterUri", "getPid", "getSubscriptions", "getPublications")) {
      calls.add(List.of(m, List.of()));
      calls.add(List.of(m, List.of("/checker", "extra")));
      calls.add(List.of(m, List.of(7)));
    }
    calls.add(List.of("shutdown", List.of()));
    calls.add(List.of("shutdown", List.of("/checker")));
    calls.add(List.of("shutdown", List.of("/checker", "why", "extra")));
    calls.add(List.of("shutdown", List.of(7, "why")));
    calls.add(List.of("paramUpdate", List.of()));
    calls.add(List.of("paramUpdate", List.of("/checker", "/p")));
    calls.add(List.of("paramUpdate", List.of("/checker", "/p", 1, 2)));
    calls.add(List.of("paramUpdate", List.of("/checker", 5, 1)));
    calls.add(List.of("paramUpdate", List.of("/checker", "relative", 1)));
    calls.add(List.of("publisherUpdate", List.of()));
    calls.add(List.of("publisherUpdate", List.of("/checker", "/chat")));
    calls.add(List.of("publisherUpdate", List.of("/checker", "/chat", List.of(), "extra")));
    calls.add(List.of("publisherUpdate", List.of("/checker", "/chat", "not a list")));
    calls.add(List.of("publisherUpdate", List.of("/checker", "/chat", List.of(5))));
    calls.add(List.of("publisherUpdate", List.of("/checker", "/chat", List.of("no-scheme"))));
    calls.add(List.of("publisherUpdate", List.of("/checker", 5, List.of())));
    calls.add(List.of("requestTopic", List.of()));
    calls.add(List.of("requestTopic", List.of("/checker", "/pyout")));
    calls.add(List.of("requestTopic", List.of("/checker", "/pyout", List.of(List.of("TCPROS")), "extra")));
    calls.add(List.of("requestTopic", List.of("/checker", "/pyout", List.of())));
    calls.add(List.of("requestTopic", List.of("/checker", 5, List.of(List.of("TCPROS")))));
    calls.add(List.of("requestTopic", List.of(7, "/pyout", List.of(List.of("TCPROS")))));
    return calls;
  }

  @Test
  void badCallsAreAnsweredMinusOneAsRospyAnswersThem() throws Exception {
    List<List<Object>> bad = badCalls();
    List<PythonXmlRpc.Call> calls = new ArrayList<>();
    for (List<Object> c : bad) {
      @SuppressWarnings("unchecked")
      List<Object> params = (List<Object>) c.get(1);
      // rospy's own topics differ: ask it about its own publication where we ask about ours.
      List<Object> rospyParams = params.stream().map(p -> "/pyout".equals(p) ? "/chat" : p).toList();
      calls.add(new PythonXmlRpc.Call(rospyUri, (String) c.get(0), rospyParams));
      calls.add(new PythonXmlRpc.Call(pyros.nodeUri().toString(), (String) c.get(0), params));
    }
    List<JsonNode> answers = PythonXmlRpc.call(ros, calls);
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < bad.size(); i++) {
      JsonNode theirs = answers.get(2 * i);
      JsonNode ours = answers.get(2 * i + 1);
      String what = bad.get(i) + ": rospy " + theirs + ", pyros " + ours;
      assertEquals(-1, theirs.path("result").path(0).asInt(0), "rospy itself: " + what);
      assertTrue(ours.has("result") && ours.get("result").size() == 3 && ours.get("result").get(1).isTextual(), what);
      if (ours.get("result").get(0).asInt() != theirs.get("result").get(0).asInt()) {
        differences.add(what);
      }
    }
    assertEquals(List.of(), differences);
    assertTrue(rospy.isAlive(), "the bad shutdown calls left rospy running");
  }

  @Test
  void callsAboutWhatTheNodeDoesNotHaveAnswerMinusOne() throws Exception {
    String me = pyros.nodeUri().toString();
    List<JsonNode> answers = PythonXmlRpc.call(ros, List.of(
        new PythonXmlRpc.Call(me, "publisherUpdate", List.of("/checker", "/not_subscribed", List.of("http://127.0.0.1:1/"))),
        new PythonXmlRpc.Call(me, "paramUpdate", List.of("/checker", "/never_subscribed", 5)),
        new PythonXmlRpc.Call(me, "requestTopic", List.of("/checker", "/not_published", List.of(List.of("TCPROS")))),
        new PythonXmlRpc.Call(me, "requestTopic", List.of("/checker", "/pyout", List.of(List.of("UDPROS", 1, 2)))),
        new PythonXmlRpc.Call(me, "requestTopic", List.of("/checker", "/pyout", List.of(List.of("TCPROS")))),
        new PythonXmlRpc.Call(me, "publisherUpdate", List.of("/checker", "/chat", List.of(rospyUri)))));
    for (int i = 0; i < 4; i++) {
      assertEquals(-1, answers.get(i).path("result").path(0).asInt(), answers.get(i).toString());
    }
    assertEquals(1, answers.get(4).path("result").path(0).asInt(), answers.get(4).toString());
    assertEquals("TCPROS", answers.get(4).path("result").path(2).path(0).asText(), answers.get(4).toString());
    assertEquals(1, answers.get(5).path("result").path(0).asInt(), answers.get(5).toString());
  }

  @Test
  void getPublicationsAndGetSubscriptionsListWhatTheNodeItselfHas() throws Exception {
    String me = pyros.nodeUri().toString();
    List<JsonNode> answers = PythonXmlRpc.call(ros, List.of(
        new PythonXmlRpc.Call(me, "getPublications", List.of("/checker")),
        new PythonXmlRpc.Call(me, "getSubscriptions", List.of("/checker"))));
    assertEquals(Set.of("/rosout std_msgs/String".replace("std_msgs/String", "rosgraph_msgs/Log"), "/pyout std_msgs/String"),
        pairs(answers.get(0)), answers.get(0).toString());
    assertEquals(Set.of("/chat std_msgs/String"), pairs(answers.get(1)), answers.get(1).toString());
  }

  private static Set<String> pairs(JsonNode answer) {
    assertEquals(1, answer.path("result").path(0).asInt(), answer.toString());
    Set<String> out = new HashSet<>();
    answer.path("result").path(2).forEach(p -> out.add(p.get(0).asText() + " " + p.get(1).asText()));
    return out;
  }

  @Test
  void getBusStatsCountsTheBytesAndMessagesOfEachConnection() throws Exception {
    String me = pyros.nodeUri().toString();
    RosPeer.await("rospy subscribed to /pyout", Duration.ofSeconds(20), () -> stats(me).path(0).size() > 0
        && findTopic(stats(me).path(0), "/pyout").path(1).size() > 0);
    long frames = 0;
    for (int i = 0; i < 50; i++) {
      String text = "message " + i;
      pyout.publish(Message.builder(string).set("data", text).build());
      frames += 4 + 4 + text.length(); // length prefix, string length, characters
    }
    long expectedBytes = frames;
    // Our counts of what went out on the connection: every message and its bytes; rospy, on the
    // other end, counts the same 50 messages received.
    RosPeer.await("50 messages counted on /pyout by Pyros and rospy", Duration.ofSeconds(20), () -> {
      JsonNode ours = findTopic(stats(me).path(0), "/pyout").path(1).path(0);
      JsonNode theirs = findTopic(stats(rospyUri).path(1), "/pyout").path(1).path(0);
      return ours.path(2).asInt() == 50 && ours.path(1).asLong() == expectedBytes && theirs.path(2).asInt() == 50;
    });
    JsonNode pubConnection = findTopic(stats(me).path(0), "/pyout").path(1).path(0);
    assertEquals(4, pubConnection.size(), pubConnection.toString()); // [id, bytes, messages, connected]
    assertTrue(pubConnection.path(3).asBoolean(), pubConnection.toString());
    // What rospy sends us: the byte count grows with its traffic, no drop estimate, connected.
    long before = findTopic(stats(me).path(1), "/chat").path(1).path(0).path(1).asLong();
    RosPeer.await("bytes received on /chat to grow", Duration.ofSeconds(20),
        () -> findTopic(stats(me).path(1), "/chat").path(1).path(0).path(1).asLong() > before + 100);
    JsonNode subConnection = findTopic(stats(me).path(1), "/chat").path(1).path(0);
    assertEquals(4, subConnection.size(), subConnection.toString()); // [id, bytes, dropEstimate, connected]
    assertEquals(-1, subConnection.path(2).asInt(), subConnection.toString());
    assertTrue(subConnection.path(3).asBoolean(), subConnection.toString());
    assertEquals(0, stats(me).path(2).size());
  }

  private static JsonNode stats(String uri) {
    try {
      JsonNode answer = PythonXmlRpc.call(ros, List.of(new PythonXmlRpc.Call(uri, "getBusStats", List.of("/checker")))).get(0);
      assertEquals(1, answer.path("result").path(0).asInt(), answer.toString());
      return answer.path("result").path(2);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode findTopic(JsonNode stats, String topic) {
    for (JsonNode t : stats) {
      if (topic.equals(t.path(0).asText())) {
        // rospy puts the message bytes in between: [topic, dataBytes, connections]
        return t.size() == 3 ? new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode().add(t.get(0)).add(t.get(2)) : t;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

}
