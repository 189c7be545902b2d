package org.pyros.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.peer.RosPeer;

/**
 * ROS arguments after a command's own, against Debian's ROS 1: {@code __ns}, {@code __name},
 * {@code __master} and remappings resolve the command's names as rostopic would, and malformed
 * ones are a usage error.
 */
class CliRemappingInteropTest {
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
  void echoOfARelativeTopicInANamespaceReceivesWhatRostopicPublishesThere() {
    try (RosPeer.Program pub = ros.start("rostopic", "pub", "-r", "10", "/ns1/chatter", "std_msgs/String", "data: in ns1")) {
      awaitPublisher("/ns1/chatter", null);
      CliRun echo = CliRun.run("echo", "-n", "2", "chatter", "__ns:=/ns1", "--master", uri);
      assertEquals(0, echo.exitCode(), echo.toString());
      assertEquals(List.of("{\"data\":\"in ns1\"}", "{\"data\":\"in ns1\"}"), echo.lines());
    }
  }

  @Test
  void pubUnderAGivenNameOnARemappedTopicReachesRostopicEcho() throws Exception {
    try (RosPeer.Program echo = ros.start("rostopic", "echo", "-n", "1", "/rm/remapped")) {
      Future<CliRun> pub = CliRun.start("pub", "out", "std_msgs/String", "{\"data\": \"remapped\"}", "--linger", "5",
          "__name:=talker", "out:=/rm/remapped", "__master:=" + uri);
      awaitPublisher("/rm/remapped", "/talker");
      assertTrue(echo.waitFor(Duration.ofSeconds(20)), "rostopic echo -n 1 did not end: " + echo.stderr());
      assertEquals("data: \"remapped\"\n---\n", echo.stdout());
      CliRun done = CliRun.await(pub, CliRun.LIMIT);
      assertEquals(0, done.exitCode(), done.toString());
    }
  }

  @Test
  void privateNamesResolveUnderTheNode() {
    CliRun set = CliRun.run("param", "set", "~rate", "7", "__ns:=/rm", "__name:=tool", "--master", uri);
    assertEquals(0, set.exitCode(), set.toString());
    assertEquals("7", ros.run("rosparam", "get", "/rm/tool/rate").stdout().trim());
    CliRun get = CliRun.run("param", "get", "tool/rate", "__ns:=/rm", "--master", uri);
    assertEquals(List.of("7"), get.lines(), get.toString());
  }

  @Test
  void malformedRosArgumentsAreUsageErrors() {
    for (List<String> args : List.of(
        List.of("echo", "chatter", "__name:=a/b", "--master", uri),
        List.of("echo", "chatter", "__bogus:=1", "--master", uri),
        List.of("echo", "bad-name", "--master", uri),
        List.of("echo", "chatter", "__master:=" + uri, "--master", uri),
        List.of("--ros2", "topics", "__ns:=/x"),
        List.of("demo", "a:=b"))) {
      CliRun run = CliRun.run(args.toArray(String[]::new));
      assertEquals(2, run.exitCode(), args + ": " + run);
      assertTrue(run.oneErrorLine(), args + ": " + run);
    }
  }

  private static void awaitPublisher(String topic, String node) {
    MasterClient master = new MasterClient(ros.masterUri(), "/test");
    RosPeer.await((node == null ? "a publisher" : node) + " of " + topic, START, () -> {
      var nodes = master.getSystemState().toCompletableFuture().join().publishers().get(topic);
      return nodes != null && (node == null || nodes.contains(node));
    });
  }
}
