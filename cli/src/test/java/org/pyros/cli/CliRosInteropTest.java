package org.pyros.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.peer.RosPeer;

/**
 * The command line against Debian's real ROS1: rosmaster, rostopic, rosparam and a rospy
 * service. Expected values are what the ROS programs print or send.
 */
class CliRosInteropTest {
  static final Duration START = Duration.ofSeconds(20);
  static RosPeer ros;
  static String uri;

  @BeforeAll
  static void startMaster() throws Exception {
    ros = RosPeer.startMaster();
    uri = ros.masterUri().toString();
  }

  @AfterAll
  static void stopMaster() {
    ros.close();
  }

  @Test
  void echoPrintsWhatRostopicPublishes() {
    try (RosPeer.Program pub = ros.start("rostopic", "pub", "-r", "10", "/rt/chatter", "std_msgs/String", "data: from rostopic")) {
      awaitRegistered("/rt/chatter", true);
      CliRun echo = CliRun.run("echo", "-n", "2", "/rt/chatter", "--master", uri);
      assertEquals(0, echo.exitCode(), echo.toString());
      assertEquals(List.of("{\"data\":\"from rostopic\"}", "{\"data\":\"from rostopic\"}"), echo.lines());
    }
  }

  @Test
  void rostopicEchoPrintsWhatPubPublishes() {
    // rostopic echo learns the type from the master once the topic is published, then
    // subscribes: the message is latched and pub stays 5 s for it.
    try (RosPeer.Program echo = ros.start("rostopic", "echo", "-n", "1", "/rt/from_pyros")) {
      CliRun pub = CliRun.run("pub", "/rt/from_pyros", "geometry_msgs/Pose2D", "{\"x\": 1.5, \"theta\": -0.25}",
          "--linger", "5", "--master", uri);
      assertEquals(0, pub.exitCode(), pub.toString());
      assertTrue(echo.waitFor(Duration.ofSeconds(20)), "rostopic echo -n 1 did not end: " + echo.stderr());
      assertEquals("x: 1.5\ny: 0.0\ntheta: -0.25\n---\n", echo.stdout());
    }
  }

  @Test
  void nodesListsAndDescribesRospyNodesAsRosnodeDoes() {
    try (RosPeer.Program pub = ros.start("rostopic", "pub", "-r", "10", "/rt/nodes_topic", "std_msgs/String", "data: x")) {
      awaitRegistered("/rt/nodes_topic", true);
      CliRun nodes = CliRun.run("nodes", "--master", uri);
      assertEquals(0, nodes.exitCode(), nodes.toString());
      RosPeer.Program rosnode = ros.start("rosnode", "list");
      assertTrue(rosnode.waitFor(Duration.ofSeconds(20)), rosnode.stderr());
      // rosnode is no node; the CLI leaves itself out: both list the same nodes.
      assertEquals(List.of(rosnode.stdout().strip().split("\n")), nodes.lines(), nodes.toString());

      String rostopicNode = nodes.lines().stream().filter(n -> n.startsWith("/rostopic_")).findFirst().orElseThrow();
      CliRun info = CliRun.run("nodes", rostopicNode, "--master", uri);
      assertEquals(0, info.exitCode(), info.toString());
      assertTrue(info.lines().containsAll(List.of("Node: " + rostopicNode, "Publications:", " * /rt/nodes_topic",
          "Services:", " * " + rostopicNode + "/get_loggers")), info.toString());
    }
  }

  @Test
  void callsARospyService() {
    String server = """
        import rospy
        from std_srvs.srv import SetBool, SetBoolResponse
        def handle(req):
            if not req.data:
                raise Exception("python refuses false")
            return SetBoolResponse(True, "python got it")
        rospy.init_node("setbool_server")
        rospy.Service("/rt/set_flag", SetBool, handle)
        print("ready", flush=True)
        rospy.spin()
        """;
    try (RosPeer.Program py = ros.startPython(server)) {
      py.awaitOutput("ready", START);
      CliRun call = CliRun.run("call", "/rt/set_flag", "{\"data\": true}", "--master", uri);
      assertEquals(0, call.exitCode(), call.toString());
      assertEquals(List.of("{\"success\":true,\"message\":\"python got it\"}"), call.lines());

      CliRun refused = CliRun.run("call", "/rt/set_flag", "{\"data\": false}", "--master", uri);
      assertEquals(1, refused.exitCode(), refused.toString());
      assertTrue(refused.oneErrorLine() && refused.err().contains("python refuses false")
          && refused.err().contains("SERVICE_FAILED"), refused.toString());

      CliRun badField = CliRun.run("call", "/rt/set_flag", "{\"date\": true}", "--master", uri);
      assertEquals(1, badField.exitCode(), badField.toString());
      assertTrue(badField.oneErrorLine() && badField.err().contains("std_srvs/SetBool"), badField.toString());

      CliRun services = CliRun.run("services", "--master", uri);
      assertTrue(services.lines().contains("/rt/set_flag std_srvs/SetBool"), services.toString());
    }
  }

  @Test
  void paramsMeetRosparam() {
    CliRun set = CliRun.run("param", "set", "/rt/rate", "12.5", "--master", uri);
    assertEquals(0, set.exitCode(), set.toString());
    assertEquals("12.5", ros.run("rosparam", "get", "/rt/rate").stdout().trim());

    CliRun tree = CliRun.run("param", "set", "/rt/robot", "{\"name\": \"bot\", \"ids\": [1, 2]}", "--master", uri);
    assertEquals(0, tree.exitCode(), tree.toString());
    assertEquals("bot", ros.run("rosparam", "get", "/rt/robot/name").stdout().trim());
    assertEquals("- 1\n- 2", ros.run("rosparam", "get", "/rt/robot/ids").stdout().trim());

    RosPeer.Result rosSet = ros.run("rosparam", "set", "/rt/from_ros", "[7, 'x', true]");
    assertTrue(rosSet.ok(), rosSet.toString());
    CliRun get = CliRun.run("param", "get", "/rt/from_ros", "--master", uri);
    assertEquals(List.of("[7,\"x\",true]"), get.lines(), get.toString());

    CliRun list = CliRun.run("param", "list", "--master", uri);
    assertEquals(ros.run("rosparam", "list").stdout().lines().sorted().toList(), list.lines(), list.toString());
    assertTrue(list.lines().containsAll(List.of("/rt/rate", "/rt/robot/name", "/rt/from_ros")), list.toString());
  }

  /** Waits until the master lists a publisher (or subscriber) of {@code topic}. */
  private static void awaitRegistered(String topic, boolean publisher) {
    MasterClient master = new MasterClient(ros.masterUri(), "/test");
    RosPeer.await((publisher ? "a publisher" : "a subscriber") + " of " + topic, START, () -> {
      var state = master.getSystemState().toCompletableFuture().join();
      return (publisher ? state.publishers() : state.subscribers()).containsKey(topic);
    });
  }
}
