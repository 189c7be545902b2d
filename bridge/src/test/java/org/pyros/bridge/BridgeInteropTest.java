package org.pyros.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.expose.NameFilter;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.peer.RosPeer;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;

/**
 * The bridge between Debian's ROS 1 (rosmaster, rospy, rostopic) and Cyclone DDS peers shaped as
 * ROS 2 nodes: strings and JointStates each way, header stamps exact, a topic of a type ROS 2
 * lacks failing alone.
 */
class BridgeInteropTest {
  static final Duration WAIT = Duration.ofSeconds(40);
  static ActorTestKit kit;
  static RosPeer ros;
  static RosSystem ros1;
  static Ros2System ros2;
  static int domain;
  static ActorRef<Bridge.Command> bridge;

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create();
    ros = RosPeer.startMaster();
    ros1 = RosSystem.start(kit.system(), RosSettings.forMaster("pyros_bridge", ros.masterUri()), MessageTypes.fromEnvironment())
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    domain = FreeDomain.pick();
    ros2 = Ros2System.start(Ros2Settings.loopback(domain, "pyros_bridge"));
    BridgeSettings settings = new BridgeSettings(
        NameFilter.of(List.of("/chatter", "/b/**", "/joints_to2", "/duration", "/both", "/latched_to2"), List.of("/rosout")),
        NameFilter.of(List.of("/from2", "/joints_to1", "/both"), List.of("/rosout")),
        java.util.Map.of("/latched_to2", "latched"), 100, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(3))
        .withServices(new BridgeSettings.Services(NameFilter.of(List.of("/set_flag"), List.of()),
            NameFilter.of(List.of("/flag_from2"), List.of()), Duration.ofSeconds(10)));
    bridge = kit.spawn(Bridge.create(BridgeSide.ros1(ros1), BridgeSide.ros2(ros2), settings), "bridge");
  }

  @AfterAll
  static void stop() {
    if (kit != null) {
      kit.shutdownTestKit();
    }
    if (ros2 != null) {
      ros2.close();
    }
    if (ros1 != null) {
      ros1.close();
    }
    if (ros != null) {
      ros.close();
    }
  }

  static final String STRING_TALKER = """
      import rospy, sys
      from std_msgs.msg import String
      rospy.init_node("talker", anonymous=True)
      p = rospy.Publisher(sys.argv[1], String, queue_size=10)
      r = rospy.Rate(20)
      i = 0
      while not rospy.is_shutdown():
          p.publish(String("hello %d" % i))
          i += 1
          r.sleep()
      """;

  @Test
  void aRospyTalkersMessagesReachACycloneListener() {
    try (RosPeer.Program talker = ros.startPython(STRING_TALKER, "/chatter");
        Peer listener = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "sub", "string", "/chatter", "5", "40")) {
      assertEquals(0, listener.awaitExit(WAIT), listener.toString());
      List<String> lines = listener.lines();
      assertEquals(5, lines.size(), lines.toString());
      assertTrue(lines.stream().allMatch(l -> l.startsWith("hello ")), lines.toString());
      awaitStatus(Direction.ROS1_TO_ROS2, "/chatter", ForwardStatus.State.FORWARDING);
    }
  }

  @Test
  void aRospyServiceIsCalledFromACycloneClient() {
    String server = """
        import rospy
        from std_srvs.srv import SetBool, SetBoolResponse
        rospy.init_node("flag_server", anonymous=True)
        rospy.Service("/set_flag", SetBool, lambda req: SetBoolResponse(success=req.data, message="flag is %s" % req.data))
        print("ready", flush=True)
        rospy.spin()
        """;
    try (RosPeer.Program flags = ros.startPython(server)) {
      awaitServiceStatus(Direction.ROS1_TO_ROS2, "/set_flag", ForwardStatus.State.FORWARDING);
      try (Peer caller = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "call", "setbool", "/set_flag", "4", "20")) {
        assertEquals(0, caller.awaitExit(WAIT), caller + " " + caller.errorLines() + " " + status());
        assertEquals(List.of("matched 1", "reply 0 success=1 message=flag is True", "reply 1 success=0 message=flag is False",
            "reply 2 success=1 message=flag is True", "reply 3 success=0 message=flag is False"), caller.lines());
      }
      assertEquals(4, findService(Direction.ROS1_TO_ROS2, "/set_flag").orElseThrow().forwarded(), status().toString());
    }
  }

  @Test
  void aCycloneServiceIsCalledByRosservice() {
    try (Peer server = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "serve", "setbool", "/flag_from2", "0", "40")) {
      awaitServiceStatus(Direction.ROS2_TO_ROS1, "/flag_from2", ForwardStatus.State.FORWARDING);
      try (RosPeer.Program call = ros.start("rosservice", "call", "/flag_from2", "data: true")) {
        assertTrue(call.waitFor(WAIT), "rosservice call did not end: " + call.stderr() + " " + status());
        assertEquals(List.of("success: True", "message: \"flag is true\""), call.stdout().lines().toList(), call.stderr());
      }
      assertTrue(server.lines().stream().anyMatch(l -> l.startsWith("request data=1 ")), server.lines().toString());
    }
  }

  @Test
  void aTopicsConfiguredQosIsWhatRos2PeersSee() {
    // A transient-local reader matches only a transient-local writer: the "latched" profile.
    try (RosPeer.Program talker = ros.startPython(STRING_TALKER, "/latched_to2");
        Peer listener = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "sub", "string", "/latched_to2", "3", "40",
            "--transient-local")) {
      assertEquals(0, listener.awaitExit(WAIT), listener + " " + listener.errorLines() + " " + status());
    }
  }

  @Test
  void aCycloneWritersMessagesReachRostopicEcho() {
    try (Peer writer = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "pub", "string", "/from2", "0", "20");
        RosPeer.Program echo = ros.start("rostopic", "echo", "-n", "3", "/from2")) {
      assertTrue(echo.waitFor(WAIT), "rostopic echo did not end: " + echo.stderr() + " " + status());
      List<String> data = echo.stdout().lines().filter(l -> l.startsWith("data: ")).toList();
      assertEquals(3, data.size(), echo.stdout());
      assertTrue(data.stream().allMatch(l -> l.matches("data: \"hello \\d+\"")), data.toString());
    }
  }

  @Test
  void headerStampsCrossExactlyFromRos2ToRos1() {
    // The rospy listener checks each JointState against what the Cyclone peer sends for index i.
    String listener = """
        import rospy, sys
        from sensor_msgs.msg import JointState
        rospy.init_node("joints_listener", anonymous=True)
        def got(m):
            i = int(m.header.frame_id[1:])
            k = i % 5 + 1
            ok = (m.header.stamp.secs == i and m.header.stamp.nsecs == (7 * i) % 1000000000
                  and list(m.name) == ["j%d" % j for j in range(k)]
                  and list(m.position) == [i + 0.5 * j for j in range(k)]
                  and list(m.velocity) == [-float(i + j) for j in range(k)]
                  and list(m.effort) == ([] if i % 2 == 0 else [float(i)]))
            print("%s %d.%09d %s" % (m.header.frame_id, m.header.stamp.secs, m.header.stamp.nsecs, "ok" if ok else "BAD"), flush=True)
        rospy.Subscriber("/joints_to1", JointState, got)
        print("ready", flush=True)
        rospy.spin()
        """;
    try (RosPeer.Program py = ros.startPython(listener)) {
      py.awaitOutput("ready", WAIT);
      try (Peer writer = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "pub", "jointstate", "/joints_to1", "0", "20")) {
        RosPeer.await("three JointStates at the rospy listener", WAIT, () -> py.stdout().lines().count() >= 4);
      }
      List<String> got = py.stdout().lines().filter(l -> !l.equals("ready")).toList();
      assertTrue(got.stream().allMatch(l -> l.endsWith(" ok")), got.toString());
      String first = got.get(0);
      int i = Integer.parseInt(first.substring(1, first.indexOf(' ')));
      assertEquals(String.format("f%d %d.%09d ok", i, i, (7L * i) % 1_000_000_000L), first);
    }
  }

  @Test
  void headerStampsCrossExactlyFromRos1ToRos2() {
    // A rospy talker sends what the Cyclone peer's checks expect for index i, stamps included.
    String talker = """
        import rospy
        from sensor_msgs.msg import JointState
        rospy.init_node("joints_talker", anonymous=True)
        p = rospy.Publisher("/joints_to2", JointState, queue_size=10)
        r = rospy.Rate(20)
        i = 0
        while not rospy.is_shutdown():
            m = JointState()
            m.header.stamp = rospy.Time(i, (7 * i) % 1000000000)
            m.header.frame_id = "f%d" % i
            k = i % 5 + 1
            m.name = ["j%d" % j for j in range(k)]
            m.position = [i + 0.5 * j for j in range(k)]
            m.velocity = [-float(i + j) for j in range(k)]
            m.effort = [] if i % 2 == 0 else [float(i)]
            p.publish(m)
            i += 1
            r.sleep()
        """;
    try (RosPeer.Program py = ros.startPython(talker);
        Peer sub = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "sub", "jointstate", "/joints_to2", "4", "40")) {
      assertEquals(0, sub.awaitExit(WAIT), sub + " " + sub.errorLines());
      List<String> lines = sub.lines();
      assertEquals(4, lines.size(), lines.toString());
      assertTrue(lines.stream().noneMatch(l -> l.startsWith("BAD") || l.startsWith("ORDER")), lines.toString());
    }
  }

  @Test
  void aTopicOfATypeRos2LacksFailsAloneWhileAnotherFlows() {
    // std_msgs/Duration has no ROS 2 twin: that topic fails, /b/chatter goes on.
    String durations = """
        import rospy
        from std_msgs.msg import Duration
        rospy.init_node("durations", anonymous=True)
        p = rospy.Publisher("/duration", Duration, queue_size=10)
        r = rospy.Rate(10)
        while not rospy.is_shutdown():
            p.publish(Duration(rospy.Duration(1, 5)))
            r.sleep()
        """;
    try (RosPeer.Program bad = ros.startPython(durations);
        RosPeer.Program talker = ros.startPython(STRING_TALKER, "/b/chatter")) {
      ForwardStatus failed = awaitStatus(Direction.ROS1_TO_ROS2, "/duration", ForwardStatus.State.FAILED);
      assertTrue(failed.error().contains("std_msgs/msg/Duration"), failed.toString());
      try (Peer listener = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "sub", "string", "/b/chatter", "3", "40")) {
        assertEquals(0, listener.awaitExit(WAIT), listener.toString());
      }
      assertEquals(ForwardStatus.State.FAILED, find(Direction.ROS1_TO_ROS2, "/duration").orElseThrow().state());
    }
  }

  @Test
  void aTopicBridgedBothWaysDoesNotEcho() {
    String listener = """
        import rospy
        from std_msgs.msg import String
        rospy.init_node("both_listener", anonymous=True)
        rospy.Subscriber("/both", String, lambda m: print(m.data, flush=True))
        print("ready", flush=True)
        rospy.spin()
        """;
    try (RosPeer.Program py = ros.startPython(listener)) {
      py.awaitOutput("ready", WAIT);
      try (RosPeer.Program talker = ros.startPython(STRING_TALKER, "/both");
          Peer writer = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "pub", "string", "/both", "0", "20", "--size", "24")) {
        // The Cyclone peer's texts are padded with x: they reach the listener only through the bridge.
        // Each forwarder subscribes once the other side's publisher shows in its graph, so each
        // direction starts on its own: wait until both carry traffic and have seen an echo.
        Eventually.await(WAIT, "ten messages from each side at the rospy listener, an echo caught each way", () -> {
          List<String> lines = py.stdout().lines().toList();
          return lines.stream().filter(l -> l.endsWith("x")).count() >= 10
              && lines.stream().filter(l -> l.startsWith("hello") && !l.endsWith("x")).count() >= 10
              && find(Direction.ROS1_TO_ROS2, "/both").map(t -> t.forwarded() > 0 && t.echoes() > 0).orElse(false)
              && find(Direction.ROS2_TO_ROS1, "/both").map(t -> t.forwarded() > 0 && t.echoes() > 0).orElse(false);
        }, () -> status() + " talker: " + talker.isAlive() + " " + talker.stderr() + " listener: " + py.stdout());
      }
      List<String> got = py.stdout().lines().filter(l -> !l.equals("ready")).toList();
      // A message sent back would come again: every text arrives once.
      assertEquals(got.size(), new java.util.HashSet<>(got).size(), got.toString());
    }
  }

  static Optional<ForwardStatus> findService(Direction d, String name) {
    return status().stream().filter(t -> t.kind() == ForwardStatus.Kind.SERVICE && t.direction() == d && t.name().equals(name)).findFirst();
  }

  static ForwardStatus awaitServiceStatus(Direction d, String name, ForwardStatus.State state) {
    Eventually.await(WAIT, "service " + d + " " + name + " " + state, () -> findService(d, name).map(t -> t.state() == state).orElse(false),
        () -> status().toString());
    return findService(d, name).orElseThrow();
  }

  static List<ForwardStatus> status() {
    TestProbe<List<ForwardStatus>> probe = kit.createTestProbe();
    bridge.tell(new Bridge.Status(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  static Optional<ForwardStatus> find(Direction d, String topic) {
    return status().stream().filter(t -> t.kind() == ForwardStatus.Kind.TOPIC && t.direction() == d && t.name().equals(topic)).findFirst();
  }

  static ForwardStatus awaitStatus(Direction d, String topic, ForwardStatus.State state) {
    Eventually.await(WAIT, d + " " + topic + " " + state,
        () -> find(d, topic).map(t -> t.state() == state).orElse(false), () -> status().toString());
    return find(d, topic).orElseThrow();
  }
}
