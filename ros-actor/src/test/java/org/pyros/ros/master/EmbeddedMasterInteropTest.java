package org.pyros.ros.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.ros.peer.RosPeer;

/**
 * The embedded master with ONLY the real Debian ROS tools and rospy around it (no rosmaster):
 * every expectation is what those programs print when the graph works.
 */
class EmbeddedMasterInteropTest {
  private static final Duration READY = Duration.ofSeconds(30);

  private static EmbeddedMaster master;
  private static RosPeer ros;

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    master = EmbeddedMaster.start();
    long micros = (System.nanoTime() - t0) / 1000;
    System.out.printf("EmbeddedMaster started on %s in %.1f ms%n", master.uri(), micros / 1000.0);
    ros = RosPeer.forMaster(master.uri());
  }

  @AfterAll
  static void stop() {
    if (ros != null) {
      ros.close();
    }
    if (master != null) {
      master.close();
    }
  }

  private static RosPeer.Result ok(RosPeer.Result r) {
    assertTrue(r.ok(), r.toString());
    return r;
  }

  private static List<String> lines(RosPeer.Result r) {
    return Arrays.stream(r.stdout().split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Polls a ROS tool until its output satisfies {@code check} (registration is asynchronous). */
  private static RosPeer.Result awaitTool(String what, java.util.function.Predicate<RosPeer.Result> check, String... cmd) {
    RosPeer.Result[] last = new RosPeer.Result[1];
    try {
      RosPeer.await(what, READY, () -> check.test(last[0] = ros.run(Duration.ofSeconds(15), cmd)));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nlast output: " + last[0], e);
    }
    return last[0];
  }

  @Test
  void rostopicPubEchoListInfoHz() {
    ros.start("rostopic", "pub", "-r", "20", "/chatter", "std_msgs/String", "data: hello pyros");
    // Both subscribers are started while the publisher may still be registering.
    RosPeer.Program hz = ros.start("rostopic", "hz", "-w", "10", "/chatter");
    RosPeer.Result echo = ros.run(Duration.ofSeconds(30), "rostopic", "echo", "-n", "3", "/chatter");
    assertTrue(echo.ok(), echo.toString());
    assertEquals(3, echo.stdout().split("data: \"hello pyros\"", -1).length - 1, echo.toString());

    RosPeer.Result list = ok(ros.run("rostopic", "list"));
    assertTrue(lines(list).contains("/chatter"), list.toString());
    assertTrue(lines(list).contains("/rosout"), list.toString()); // rospy nodes publish their log there

    RosPeer.Result info = ok(ros.run("rostopic", "info", "/chatter"));
    assertTrue(info.stdout().contains("Type: std_msgs/String"), info.toString());
    assertTrue(Pattern.compile("Publishers:\\s*\\n\\s*\\* /rostopic_\\d+").matcher(info.stdout()).find(), info.toString());

    hz.awaitOutput("average rate:", READY);
    Matcher m = Pattern.compile("average rate: ([0-9.]+)").matcher(hz.stdout());
    assertTrue(m.find(), hz.stdout());
    double rate = Double.parseDouble(m.group(1));
    assertTrue(rate > 5 && rate < 40, "rostopic hz reported " + rate + " Hz for a 20 Hz publisher");
    hz.stop();
  }

  @Test
  void rosserviceAndRosnodeAgainstRospyServer() {
    RosPeer.Program server = ros.startPython("""
        import rospy
        from std_srvs.srv import SetBool, SetBoolResponse
        def handle(req):
            return SetBoolResponse(success=req.data, message="flag is %s" % req.data)
        rospy.init_node('flag_server')
        rospy.Service('set_flag', SetBool, handle)
        print('ready', flush=True)
        rospy.spin()
        """);
    server.awaitOutput("ready", READY);

    RosPeer.Result list = ok(ros.run("rosservice", "list"));
    assertTrue(lines(list).contains("/set_flag"), list.toString());
    assertTrue(lines(list).contains("/flag_server/get_loggers"), list.toString());

    RosPeer.Result call = ok(ros.run("rosservice", "call", "/set_flag", "data: true"));
    assertTrue(call.stdout().contains("success: True"), call.toString());
    assertTrue(call.stdout().contains("message: \"flag is True\""), call.toString());

    RosPeer.Result info = ok(ros.run("rosservice", "info", "/set_flag"));
    assertTrue(info.stdout().contains("Node: /flag_server"), info.toString());
    assertTrue(info.stdout().contains("Type: std_srvs/SetBool"), info.toString());
    assertTrue(info.stdout().contains("URI: rosrpc://127.0.0.1:"), info.toString());

    RosPeer.Result nodes = ok(ros.run("rosnode", "list"));
    assertTrue(lines(nodes).contains("/flag_server"), nodes.toString());

    RosPeer.Result nodeInfo = ok(ros.run("rosnode", "info", "/flag_server"));
    assertTrue(nodeInfo.stdout().contains("Node [/flag_server]"), nodeInfo.toString());
    assertTrue(nodeInfo.stdout().contains("* /set_flag"), nodeInfo.toString());
    assertTrue(nodeInfo.stdout().contains("Pid: " + server.pid()), nodeInfo.toString());

    RosPeer.Result ping = ok(ros.run("rosnode", "ping", "-c", "2", "/flag_server"));
    assertTrue(ping.stdout().contains("reply from http://127.0.0.1:"), ping.toString());

    server.signal("INT");
    assertTrue(server.waitFor(Duration.ofSeconds(15)), "rospy server did not stop on SIGINT");
    // rospy unregisters on shutdown: the master must forget the service and the node.
    RosPeer.Result after = ok(ros.run("rosservice", "list"));
    assertFalse(lines(after).contains("/set_flag"), after.toString());
  }

  @Test
  void rosparamSetGetListDumpDelete() throws Exception {
    ok(ros.run("rosparam", "set", "/demo/rate", "12.5"));
    ok(ros.run("rosparam", "set", "/demo/robot", "{name: rex, arm: {joints: 6, limits: [1.5, 2.5]}, enabled: true}"));

    assertEquals("12.5", ok(ros.run("rosparam", "get", "/demo/rate")).stdout().trim());
    assertEquals("rex", ok(ros.run("rosparam", "get", "/demo/robot/name")).stdout().trim());

    RosPeer.Result list = ok(ros.run("rosparam", "list"));
    for (String name : List.of("/demo/rate", "/demo/robot/name", "/demo/robot/arm/joints",
        "/demo/robot/arm/limits", "/demo/robot/enabled", "/run_id", "/rosdistro", "/rosversion")) {
      assertTrue(lines(list).contains(name), name + " missing in\n" + list);
    }

    Path dump = ros.dir().resolve("demo.yaml");
    ok(ros.run("rosparam", "dump", dump.toString(), "/demo"));
    String yaml = Files.readString(dump);
    assertTrue(yaml.contains("rate: 12.5"), yaml);
    assertTrue(yaml.contains("joints: 6"), yaml);
    assertTrue(yaml.contains("name: rex"), yaml);
    assertTrue(yaml.contains("enabled: true"), yaml);

    // A namespace is answered as a dict: rosparam prints it as YAML.
    String arm = ok(ros.run("rosparam", "get", "/demo/robot/arm")).stdout();
    assertTrue(arm.contains("joints: 6"), arm);
    assertTrue(arm.contains("- 1.5") || arm.contains("[1.5, 2.5]"), arm);

    ok(ros.run("rosparam", "delete", "/demo/robot"));
    RosPeer.Result gone = ros.run("rosparam", "get", "/demo/robot/name");
    assertFalse(gone.ok(), gone.toString());
    assertTrue(gone.stderr().contains("not set") || gone.stdout().contains("not set"), gone.toString());
    assertEquals("12.5", ok(ros.run("rosparam", "get", "/demo/rate")).stdout().trim());

    // The parameters roscore sets.
    String runId = ok(ros.run("rosparam", "get", "/run_id")).stdout().trim();
    assertEquals(master.runId(), runId);
    assertTrue(runId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), runId);
  }

  @Test
  void rospyPublisherAndSubscriberFindEachOtherThroughTheMaster() {
    // The subscriber comes first: it learns of the publisher only by the master's publisherUpdate.
    RosPeer.Program sub = ros.startPython("""
        import rospy
        from std_msgs.msg import String
        rospy.init_node('listener')
        rospy.Subscriber('talk', String, lambda m: print('heard ' + m.data, flush=True))
        print('subscribed', flush=True)
        rospy.spin()
        """);
    sub.awaitOutput("subscribed", READY);
    RosPeer.Program pub = ros.startPython("""
        import rospy
        from std_msgs.msg import String
        rospy.init_node('talker')
        p = rospy.Publisher('talk', String, queue_size=10)
        r = rospy.Rate(20)
        i = 0
        while not rospy.is_shutdown():
            p.publish(String(data='msg %d' % i))
            i += 1
            r.sleep()
        """);
    sub.awaitOutput("heard msg", READY);
    assertTrue(pub.isAlive(), pub.stderr());

    RosPeer.Result info = ok(ros.run("rostopic", "info", "/talk"));
    assertTrue(Pattern.compile("Publishers:\\s*\\n\\s*\\* /talker ").matcher(info.stdout()).find(), info.toString());
    assertTrue(Pattern.compile("Subscribers:\\s*\\n\\s*\\* /listener ").matcher(info.stdout()).find(), info.toString());
    sub.stop();
    pub.stop();
  }

  @Test
  void aNodeRegisteredAgainUnderItsNameShutsTheOldOneDown() {
    String script = """
        import rospy
        from std_msgs.msg import String
        rospy.init_node('twin')
        rospy.Publisher('twin_status', String, queue_size=1)
        print('ready', flush=True)
        rospy.spin()
        print('spin ended', flush=True)
        """;
    RosPeer.Program first = ros.startPython(script);
    first.awaitOutput("ready", READY);
    RosPeer.Program second = ros.startPython(script);
    second.awaitOutput("ready", READY);
    assertTrue(first.waitFor(Duration.ofSeconds(20)), "the first /twin still runs\n" + first.stderr());
    String said = first.stdout() + first.stderr();
    assertTrue(said.contains("new node registered with same name"), said);
    assertTrue(second.isAlive(), second.stderr());
    second.stop();
  }

  @Test
  void malformedXmlRpcGetsAFaultAndTheMasterKeepsServing() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (String body : List.of("<methodCall><methodName>getParam", "not xml at all",
        "<?xml version=\"1.0\"?><methodCall><methodName>getParam</methodName><params><param><value><int>x</int></value></param></params></methodCall>")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(master.uri())
          .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains("<fault>") && r.body().contains("faultCode"), r.body());
    }
    // Python's xmlrpc client sees a wrong call as a ROS error triple, and the master still answers.
    RosPeer.Result py = ok(ros.python("""
        import sys, xmlrpc.client
        m = xmlrpc.client.ServerProxy(sys.argv[1])
        print(m.getParam('/x'))
        print(m.getParam(42, '/run_id'))
        print(m.getUri('/x'))
        """, master.uri().toString()));
    List<String> out = lines(py);
    assertEquals("[-1, 'Error: bad call arity', 0]", out.get(0));
    assertEquals("[-1, 'caller_id must be a string', 0]", out.get(1));
    assertEquals("[1, '', '" + master.uri() + "']", out.get(2));
    assertTrue(lines(ok(ros.run("rosparam", "list"))).contains("/run_id"));
  }

  @Test
  void mainRunsAMasterUntilKilled() throws Exception {
    int port = RosPeer.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    RosPeer.Program main = ros.start(java, "-cp", System.getProperty("java.class.path"),
        EmbeddedMasterMain.class.getName(), "-p", Integer.toString(port));
    try {
      main.awaitOutput("ROS_MASTER_URI=http://127.0.0.1:" + port + "/", READY);
      try (RosPeer other = RosPeer.forMaster(URI.create("http://127.0.0.1:" + port + "/"))) {
        RosPeer.Result r = ok(other.run("rosparam", "get", "/rosversion"));
        assertFalse(r.stdout().isBlank(), r.toString());
      }
    } finally {
      main.stop();
    }
    assertFalse(main.isAlive());
  }
}
