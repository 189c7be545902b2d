package org.pyros.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.peer.RosPeer;

/** The command line against Pyros's embedded master, in this JVM, and `pyros master` as a process. */
class CliEmbeddedMasterTest {
  static EmbeddedMaster master;
  static String uri;

  @BeforeAll
  static void startMaster() throws Exception {
    master = EmbeddedMaster.builder().port(0).start();
    uri = master.uri().toString();
  }

  @AfterAll
  static void stopMaster() {
    master.close();
  }

  @Test
  void paramsRoundTrip() throws Exception {
    CliRun set = CliRun.run("param", "set", "/cli/config", "{\"rate\": 12.5, \"name\": \"bot\", \"ids\": [1, 2]}", "--master", uri);
    assertEquals(0, set.exitCode(), set.toString());
    CliRun get = CliRun.run("param", "get", "/cli/config", "--master", uri);
    assertEquals(0, get.exitCode(), get.toString());
    assertEquals(GraphCommand.JSON.readTree("{\"ids\":[1,2],\"name\":\"bot\",\"rate\":12.5}"),
        GraphCommand.JSON.readTree(get.out()), "a namespace reads back as an object");
    CliRun leaf = CliRun.run("param", "get", "/cli/config/rate", "--master", uri);
    assertEquals(List.of("12.5"), leaf.lines(), leaf.toString());
    CliRun list = CliRun.run("param", "list", "--master", uri);
    assertEquals(0, list.exitCode(), list.toString());
    assertTrue(list.lines().containsAll(List.of("/cli/config/ids", "/cli/config/name", "/cli/config/rate", "/run_id")), list.toString());
  }

  @Test
  void pubReachesEcho() throws Exception {
    // 60 messages at 20 Hz: echo (which needs the topic in the graph) has 3 s to take two.
    Future<CliRun> pub = CliRun.start("pub", "/cli/chatter", "std_msgs/String", "{\"data\": \"hello\"}",
        "-r", "20", "-n", "60", "--linger", "0", "--master", uri);
    MasterClient client = new MasterClient(master.uri(), "/test");
    RosPeer.await("the publisher of /cli/chatter at the master", Duration.ofSeconds(20), () -> client.getSystemState()
        .toCompletableFuture().join().publishers().containsKey("/cli/chatter"));
    CliRun got = CliRun.run("echo", "-n", "2", "/cli/chatter", "--master", uri);
    assertEquals(0, got.exitCode(), got.toString());
    assertEquals(List.of("{\"data\":\"hello\"}", "{\"data\":\"hello\"}"), got.lines());
    CliRun published = CliRun.await(pub, CliRun.LIMIT);
    assertEquals(0, published.exitCode(), published.toString());
  }

  @Test
  void badInputGetsOneLineAndAnExitCode() {
    CliRun json = CliRun.run("pub", "/x", "std_msgs/String", "{data: 1", "--master", uri);
    assertEquals(2, json.exitCode(), json.toString());
    assertTrue(json.oneErrorLine() && json.err().contains("not valid JSON"), json.toString());

    CliRun option = CliRun.run("echo", "--bogus", "/x", "--master", uri);
    assertEquals(2, option.exitCode(), option.toString());
    assertTrue(option.oneErrorLine() && option.err().contains("--bogus"), option.toString());

    CliRun type = CliRun.run("pub", "/x", "no_such_pkg/Nothing", "{}", "--master", uri);
    assertEquals(1, type.exitCode(), type.toString());
    assertTrue(type.oneErrorLine() && type.err().contains("unknown message type no_such_pkg/Nothing"), type.toString());
    assertEquals(1, type.err().split("no_such_pkg/Nothing", -1).length - 1, "the type is named once: " + type);

    CliRun field = CliRun.run("pub", "/x", "std_msgs/String", "{\"nope\": 1}", "--master", uri, "--linger", "0");
    assertEquals(1, field.exitCode(), field.toString());
    assertTrue(field.oneErrorLine() && field.err().contains("does not fit std_msgs/String"), field.toString());

    CliRun topic = CliRun.run("echo", "/no/such/topic", "--master", uri);
    assertEquals(1, topic.exitCode(), topic.toString());
    assertTrue(topic.oneErrorLine() && topic.err().contains("unknown topic /no/such/topic"), topic.toString());

    CliRun service = CliRun.run("call", "/no/such/service", "{}", "--master", uri);
    assertEquals(1, service.exitCode(), service.toString());
    assertTrue(service.oneErrorLine() && service.err().contains("unknown service /no/such/service"), service.toString());

    CliRun param = CliRun.run("param", "get", "/no/such/param", "--master", uri);
    assertEquals(1, param.exitCode(), param.toString());
    assertTrue(param.oneErrorLine() && param.err().contains("not set"), param.toString());

    CliRun nullParam = CliRun.run("param", "set", "/x", "null", "--master", uri);
    assertEquals(2, nullParam.exitCode(), nullParam.toString());

    String closed = "http://127.0.0.1:" + closedPort() + "/";
    CliRun unreachable = CliRun.run("topics", "--master", closed);
    assertEquals(1, unreachable.exitCode(), unreachable.toString());
    assertTrue(unreachable.oneErrorLine() && unreachable.err().contains("cannot reach the ROS master at " + closed),
        unreachable.toString());

    CliRun badUri = CliRun.run("topics", "--master", "localhost:11311");
    assertEquals(2, badUri.exitCode(), badUri.toString());

    CliRun none = CliRun.run();
    assertEquals(2, none.exitCode(), none.toString());
  }

  @Test
  void masterCommandServesAsAProcess() throws Exception {
    int port = RosPeer.freePort();
    Path log = Files.createTempFile("pyros-master", ".log");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-Dlogback.configurationFile=cli-process-logback.xml", "-cp", System.getProperty("java.class.path"), PyrosCli.class.getName(), "master", "-p", Integer.toString(port))
        .redirectError(log.toFile())
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String first = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          return null;
        }
      }).get(30, TimeUnit.SECONDS);
      String expected = "http://127.0.0.1:" + port + "/";
      assertEquals("ROS_MASTER_URI=" + expected, first);
      // It is a master: it answers the master API (here: our client) and the CLI uses it.
      assertEquals(expected, new MasterClient(java.net.URI.create(expected), "/test").getUri().toCompletableFuture()
          .get(10, TimeUnit.SECONDS).toString());
      CliRun params = CliRun.run("param", "list", "--master", expected);
      assertTrue(params.lines().contains("/run_id"), params.toString());

      // A second master on the same port fails clearly.
      CliRun taken = CliRun.run("master", "-p", Integer.toString(port));
      assertEquals(1, taken.exitCode(), taken.toString());
      assertTrue(taken.oneErrorLine() && taken.err().contains("cannot start the master"), taken.toString());
    } finally {
      process.destroy(); // SIGTERM: the shutdown hook closes the master
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    assertEquals(143, process.exitValue(), Files.readString(log));
  }

  @Test
  void demoRuns() {
    CliRun demo = CliRun.run("demo", "--in-memory", "2");
    assertEquals(0, demo.exitCode(), demo.toString());
    CliRun badCount = CliRun.run("demo", "0");
    assertEquals(2, badCount.exitCode(), badCount.toString());
  }

  /** A loopback port nobody listens on (it was free a moment ago). */
  private static int closedPort() {
    try {
      return RosPeer.freePort();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
