package org.pyros.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.master.SystemState;
import org.pyros.ros.peer.RosPeer;

/**
 * {@code pyros} commands as processes of their own on the embedded master, with Debian's rospy
 * tools: a command ended by SIGTERM or Ctrl-C (SIGINT) leaves the master's lists before it
 * exits; {@code pyros serve} answers {@code rosservice call}; {@code call --timeout} says the
 * timeout that applied.
 */
class CliServeAndExitTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static EmbeddedMaster master;
  static RosPeer ros;
  static String uri;

  @BeforeAll
  static void start() throws Exception {
    master = EmbeddedMaster.builder().port(0).start();
    uri = master.uri().toString();
    ros = RosPeer.forMaster(master.uri());
  }

  @AfterAll
  static void stop() {
    if (ros != null) {
      ros.close(); // stops every program a test left running
    }
    master.close();
  }

  /** {@code pyros ARGS} in a JVM of its own, with this JVM's class path. */
  static RosPeer.Program pyros(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), PyrosCli.class.getName()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--master", uri));
    return ros.start(cmd.toArray(String[]::new));
  }

  /** The CLI node of a process: the first connection it opens. */
  static String nodeOf(RosPeer.Program program) {
    return "/pyros_cli_" + program.pid() + "_1";
  }

  static SystemState state() {
    return new MasterClient(master.uri(), "/cli_exit_test").getSystemState().toCompletableFuture().join();
  }

  /** Every topic and service {@code node} is listed for, as publisher, subscriber or server. */
  static List<String> listings(String node) {
    SystemState s = state();
    return Stream.of(s.publishers(), s.subscribers(), s.services())
        .flatMap(m -> m.entrySet().stream())
        .filter(e -> e.getValue().contains(node))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Signals the program, which must end within a bounded time, unlisted by then. */
  static void endAndCheckUnregistered(RosPeer.Program program, String signal, int exitCode) {
    String node = nodeOf(program);
    assertFalse(listings(node).isEmpty(), node + " was not registered");
    program.signal(signal);
    assertTrue(program.waitFor(Duration.ofSeconds(15)), "pyros did not exit within 15 s of SIG" + signal + ": " + program.stderr());
    // No wait here: the node unregistered before the process exited.
    assertEquals(List.of(), listings(node), node + " is still listed after SIG" + signal);
    assertEquals(exitCode, program.stop().exitCode(), program.stderr());
  }

  @Test
  void echoEndedBySigtermLeavesTheMaster() {
    try (RosPeer.Program pub = ros.start("rostopic", "pub", "-r", "5", "/ce/chatter", "std_msgs/String", "data: hi");
        RosPeer.Program echo = pyros("echo", "/ce/chatter")) {
      echo.awaitOutput("{\"data\":\"hi\"}", WAIT);
      assertTrue(state().subscribers().getOrDefault("/ce/chatter", List.of()).contains(nodeOf(echo)));
      endAndCheckUnregistered(echo, "TERM", 143);
    }
  }

  @Test
  void pubEndedByCtrlCLeavesTheMaster() {
    try (RosPeer.Program pub = pyros("pub", "/ce/forever", "std_msgs/String", "{\"data\": \"x\"}", "-n", "0", "-r", "2")) {
      RosPeer.await("pyros pub registered", WAIT,
          () -> state().publishers().getOrDefault("/ce/forever", List.of()).contains(nodeOf(pub)));
      endAndCheckUnregistered(pub, "INT", 130);
    }
  }

  @Test
  void serveAnswersRosserviceCallAndLeavesOnSigterm() {
    try (RosPeer.Program serve = pyros("serve", "/ce/flag", "std_srvs/SetBool", "{\"success\": true, \"message\": \"from the cli\"}")) {
      RosPeer.await("pyros serve registered", WAIT,
          () -> state().services().getOrDefault("/ce/flag", List.of()).contains(nodeOf(serve)));
      RosPeer.Result call = ros.run("rosservice", "call", "/ce/flag", "data: true");
      assertTrue(call.ok(), call.toString());
      assertEquals("success: True\nmessage: \"from the cli\"", call.stdout().strip(), call.toString());
      serve.awaitOutput("{\"data\":true}", WAIT);
      endAndCheckUnregistered(serve, "TERM", 143);
    }
  }

  @Test
  void serveRefusesAResponseThatDoesNotFitTheType() {
    CliRun bad = CliRun.run("serve", "/ce/bad", "std_srvs/SetBool", "{\"succes\": true}", "--master", uri);
    assertEquals(1, bad.exitCode(), bad.toString());
    assertTrue(bad.oneErrorLine() && bad.err().contains("does not fit std_srvs/SetBoolResponse"), bad.toString());
  }

  @Test
  void callTimeoutIsTheOneTheMessageNames() {
    String slow = """
        import rospy, time
        from std_srvs.srv import SetBool, SetBoolResponse
        def handle(req):
            time.sleep(60)
            return SetBoolResponse(True, "late")
        rospy.init_node("slow_server")
        rospy.Service("/ce/slow", SetBool, handle)
        print("ready", flush=True)
        rospy.spin()
        """;
    try (RosPeer.Program py = ros.startPython(slow)) {
      py.awaitOutput("ready", WAIT);
      CliRun call = CliRun.run("call", "/ce/slow", "{\"data\": true}", "--timeout", "1.5", "--master", uri);
      assertEquals(1, call.exitCode(), call.toString());
      assertTrue(call.oneErrorLine() && call.err().contains("/ce/slow did not answer within 1500 ms (--timeout 1.5) [TIMEOUT]"),
          call.toString());
      CliRun bad = CliRun.run("call", "/ce/slow", "{}", "--timeout", "0", "--master", uri);
      assertEquals(2, bad.exitCode(), bad.toString());
    }
  }
}
