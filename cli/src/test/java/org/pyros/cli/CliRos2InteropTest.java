package org.pyros.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;

/** {@code pyros --ros2 topics|echo|pub|call} against real Cyclone DDS / Fast DDS peers shaped as the RMWs. */
class CliRos2InteropTest {
  int domain;

  @BeforeEach
  void pickDomain() {
    domain = FreeDomain.pick();
  }

  String[] ros2(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--ros2";
    all[1] = "--domain";
    all[2] = Integer.toString(domain);
    System.arraycopy(args, 0, all, 3, args.length);
    return all;
  }

  @Test
  void topicsAndEchoSeeACyclonePublisher() {
    try (var talker = DdsPeers.publisher(DdsPeers.Kind.CYCLONE, DdsPeers.Options.domain(domain), "/chatter", 100_000, 20)) {
      CliRun topics = CliRun.run(ros2("topics"));
      assertEquals(0, topics.exitCode(), topics::toString);
      assertTrue(topics.lines().contains("/chatter std_msgs/msg/String"), topics::toString);

      CliRun echo = CliRun.run(ros2("echo", "/chatter", "-n", "3"));
      assertEquals(0, echo.exitCode(), echo::toString);
      List<String> lines = echo.lines();
      assertEquals(3, lines.size(), echo::toString);
      // Reliable and in order: three consecutive messages of the talker.
      int first = number(lines.get(0));
      assertEquals(List.of("{\"data\":\"hello " + first + "\"}", "{\"data\":\"hello " + (first + 1) + "\"}",
          "{\"data\":\"hello " + (first + 2) + "\"}"), lines);
    }
  }

  @Test
  void gatewayServesACyclonePublishersMessagesOverHttp() throws Exception {
    try (var talker = DdsPeers.publisher(DdsPeers.Kind.CYCLONE, DdsPeers.Options.domain(domain), "/chatter", 100_000, 20);
        ServingCli cli = ServingCli.start(ros2("gateway", "--port", "0"))) {
      URI base = cli.awaitGatewayHttp(Duration.ofSeconds(30));
      assertTrue(cli.out().contains("domain " + domain), cli.toString());
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest latest = HttpRequest.newBuilder(base.resolve("/api/topics/chatter/latest")).timeout(Duration.ofSeconds(10)).build();
      // The first request subscribes; the Cyclone talker's next message is the latest from then on.
      String[] last = {""};
      Eventually.await(Duration.ofSeconds(30), "a message of the Cyclone talker", () -> {
        try {
          HttpResponse<String> r = http.send(latest, HttpResponse.BodyHandlers.ofString());
          last[0] = r.statusCode() + " " + r.body();
          return r.statusCode() == 200 && r.body().matches(".*\\{\"data\":\"hello \\d+\"\\}.*");
        } catch (java.io.IOException | InterruptedException e) {
          throw new AssertionError(e);
        }
      }, () -> last[0] + "; " + cli);
      assertEquals(130, cli.interrupt(Duration.ofSeconds(30)), cli.toString());
    }
  }

  @Test
  void pubReachesACycloneSubscriber() {
    try (var listener = DdsPeers.subscriber(DdsPeers.Kind.CYCLONE, DdsPeers.Options.domain(domain), "/greeting", 1, 30)) {
      CliRun pub = CliRun.run(ros2("pub", "/greeting", "std_msgs/msg/String", "{\"data\": \"hi from pyros\"}",
          "-r", "10", "-n", "50", "--linger", "0"));
      assertEquals(0, pub.exitCode(), pub::toString);
      assertEquals(0, listener.awaitExit(Duration.ofSeconds(20)), listener::toString);
      assertEquals(List.of("hi from pyros"), listener.lines());
    }
  }

  @Test
  void nodesListsAndDescribesARos2Node() {
    try (var talker = DdsPeers.graphPeer("iron", DdsPeers.Options.domain(domain), "/", "talker", "/chatter")) {
      talker.awaitLine("ready", Duration.ofSeconds(30));
      CliRun nodes = CliRun.run(ros2("nodes"));
      assertEquals(0, nodes.exitCode(), nodes::toString);
      assertEquals(List.of("/talker"), nodes.lines(), nodes::toString);

      CliRun info = CliRun.run(ros2("nodes", "/talker"));
      assertEquals(0, info.exitCode(), info::toString);
      assertEquals(List.of("Node: /talker", "Publications:", " * /chatter", "Subscriptions: none", "Services: none"),
          info.lines(), info::toString);

      CliRun missing = CliRun.run(ros2("nodes", "/nobody"));
      assertEquals(1, missing.exitCode(), missing::toString);
      assertTrue(missing.oneErrorLine() && missing.err().contains("no node /nobody"), missing::toString);
    }
  }

  @Test
  void callGetsTheSumOfACycloneAndOfAFastDdsServer() {
    for (DdsPeers.Kind kind : DdsPeers.Kind.values()) {
      try (var server = DdsPeers.ros2Peer(kind, DdsPeers.Options.domain(domain), "serve", "addtwoints", "/add_two_ints",
          "0", "60")) {
        // The server's process may not be discovered yet when the first listing runs, as with
        // `ros2 service list`: list again until it is.
        CliRun[] services = new CliRun[1];
        Eventually.await(Duration.ofSeconds(30), "the " + kind + " server in pyros --ros2 services", () -> {
          services[0] = CliRun.run(ros2("services"));
          assertEquals(0, services[0].exitCode(), services[0]::toString);
          return services[0].lines().contains("/add_two_ints example_interfaces/srv/AddTwoInts");
        }, () -> String.valueOf(services[0]));
        CliRun call = CliRun.run(ros2("call", "/add_two_ints", "{\"a\": 40, \"b\": 2}"));
        assertEquals(0, call.exitCode(), call::toString);
        assertEquals(List.of("{\"sum\":42}"), call.lines(), call::toString);
      }
    }
    CliRun nobody = CliRun.run(ros2("call", "/nobody", "{}", "--wait", "1"));
    assertEquals(1, nobody.exitCode(), nobody::toString);
    assertTrue(nobody.oneErrorLine() && nobody.err().contains("unknown service /nobody"), nobody::toString);
  }

  @Test
  void paramListsGetsAndSetsAnotherNodesParameters() {
    Ros2System camera = Ros2System.start(Ros2Settings.loopback(domain, "camera"));
    try {
      camera.setParam("/camera/exposure", 0.5).toCompletableFuture().join();
      CliRun list = CliRun.run(ros2("param", "list"));
      assertEquals(0, list.exitCode(), list::toString);
      assertTrue(list.lines().contains("/camera/exposure"), list::toString);
      CliRun set = CliRun.run(ros2("param", "set", "/camera/exposure", "0.25"));
      assertEquals(0, set.exitCode(), set::toString);
      assertEquals(java.util.Optional.of(0.25), camera.getParam("/camera/exposure").toCompletableFuture().join());
      CliRun get = CliRun.run(ros2("param", "get", "/camera/exposure"));
      assertEquals(0, get.exitCode(), get::toString);
      assertEquals(List.of("0.25"), get.lines(), get::toString);
    } finally {
      camera.close();
    }
  }

  @Test
  void ros2UsageErrorsAreOneLine() {
    CliRun serve = CliRun.run(ros2("serve", "/s", "std_srvs/srv/Trigger", "{}"));
    assertEquals(2, serve.exitCode(), serve::toString);
    assertTrue(serve.oneErrorLine() && serve.err().contains("not available on ROS 2 yet"), serve::toString);

    CliRun badQos = CliRun.run(ros2("echo", "/chatter", "--qos", "fastest"));
    assertEquals(1, badQos.exitCode(), badQos::toString);
    assertTrue(badQos.oneErrorLine() && badQos.err().contains("unknown QoS profile 'fastest'"), badQos::toString);

    CliRun qosOnRos1 = CliRun.run("echo", "/chatter", "--qos", "sensor-data");
    assertEquals(2, qosOnRos1.exitCode(), qosOnRos1::toString);
    assertTrue(qosOnRos1.err().contains("--qos is for ROS 2"), qosOnRos1::toString);

    CliRun unknownTopic = CliRun.run(ros2("echo", "/nobody", "-n", "1", "--wait", "1"));
    assertEquals(1, unknownTopic.exitCode(), unknownTopic::toString);
    assertTrue(unknownTopic.oneErrorLine() && unknownTopic.err().contains("unknown topic /nobody"), unknownTopic::toString);
  }

  private static int number(String jsonLine) {
    Matcher m = Pattern.compile("hello (\\d+)").matcher(jsonLine);
    assertTrue(m.find(), jsonLine);
    return Integer.parseInt(m.group(1));
  }
}
