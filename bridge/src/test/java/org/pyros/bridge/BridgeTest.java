package org.pyros.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.RosTime;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.memory.InMemorySystem;
import org.pyros.ros2.peer.Eventually;

/**
 * The bridge actor between two in-memory graphs holding ROS 1 and ROS 2 forms of the same types:
 * which topics it forwards, when it stops, failures alone, and no echo both ways.
 */
class BridgeTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final MessageType ROS1_HEADER = MessageType.of("std_msgs/Header", new Field("seq", FieldType.of(Primitive.UINT32)),
      new Field("stamp", FieldType.of(Primitive.TIME)), new Field("frame_id", FieldType.of(Primitive.STRING)));
  static final MessageType ROS2_TIME = MessageType.of("builtin_interfaces/msg/Time", new Field("sec", FieldType.of(Primitive.INT32)),
      new Field("nanosec", FieldType.of(Primitive.UINT32)));
  static final MessageType ROS2_HEADER = MessageType.of("std_msgs/msg/Header", new Field("stamp", new FieldType.Nested(ROS2_TIME)),
      new Field("frame_id", FieldType.of(Primitive.STRING)));
  static final MessageType ROS1_STAMPED = MessageType.of("test_msgs/Stamped", new Field("header", new FieldType.Nested(ROS1_HEADER)),
      new Field("text", FieldType.of(Primitive.STRING)));
  static final MessageType ROS2_STAMPED = MessageType.of("test_msgs/msg/Stamped", new Field("header", new FieldType.Nested(ROS2_HEADER)),
      new Field("text", FieldType.of(Primitive.STRING)));
  static final ServiceType ROS1_STAMP = new ServiceType("test_srvs/Stamp",
      MessageType.of("test_srvs/StampRequest", new Field("header", new FieldType.Nested(ROS1_HEADER))),
      MessageType.of("test_srvs/StampResponse", new Field("stamp", FieldType.of(Primitive.TIME)), new Field("text", FieldType.of(Primitive.STRING))));
  static final ServiceType ROS2_STAMP = new ServiceType("test_srvs/srv/Stamp",
      MessageType.of("test_srvs/srv/Stamp_Request", new Field("header", new FieldType.Nested(ROS2_HEADER))),
      MessageType.of("test_srvs/srv/Stamp_Response", new Field("stamp", new FieldType.Nested(ROS2_TIME)),
          new Field("text", FieldType.of(Primitive.STRING))));
  static final ServiceType ROS1_ODD_SRV = new ServiceType("test_srvs/Odd",
      MessageType.of("test_srvs/OddRequest", new Field("value", FieldType.of(Primitive.INT32))),
      MessageType.of("test_srvs/OddResponse"));
  static final ServiceType ROS2_ODD_SRV = new ServiceType("test_srvs/srv/Odd",
      MessageType.of("test_srvs/srv/Odd_Request", new Field("value", FieldType.of(Primitive.STRING))),
      MessageType.of("test_srvs/srv/Odd_Response"));
  static final MessageType ROS1_ODD = MessageType.of("test_msgs/Odd", new Field("value", FieldType.of(Primitive.INT32)));
  static final MessageType ROS2_ODD = MessageType.of("test_msgs/msg/Odd", new Field("value", FieldType.of(Primitive.FLOAT64)));

  ActorTestKit kit;
  InMemorySystem ros1;
  InMemorySystem ros2;
  /** Topics with a publisher other than the bridge, per side: what the graphs' node lists would say. */
  final Set<String> foreign1 = ConcurrentHashMap.newKeySet();
  final Set<String> foreign2 = ConcurrentHashMap.newKeySet();
  final List<Runnable> publisherListeners = new CopyOnWriteArrayList<>();
  ActorRef<Bridge.Command> bridge;

  @BeforeEach
  void start() {
    kit = ActorTestKit.create();
    ros1 = new InMemorySystem();
    ros2 = new InMemorySystem();
    List.of(ROS1_HEADER, ROS1_STAMPED, ROS1_ODD).forEach(ros1::register);
    List.of(ROS2_TIME, ROS2_HEADER, ROS2_STAMPED, ROS2_ODD).forEach(ros2::register);
    List.of(ROS1_STAMP, ROS1_ODD_SRV).forEach(ros1::register);
    List.of(ROS2_STAMP, ROS2_ODD_SRV).forEach(ros2::register);
    BridgeSettings settings = new BridgeSettings(NameFilter.allowing("/a/**", "/both"), NameFilter.allowing("/b/**", "/both"),
        Map.of(), 100, Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(300))
        .withServices(new BridgeSettings.Services(NameFilter.allowing("/a/**"), NameFilter.allowing("/b/**"), Duration.ofSeconds(2)));
    bridge = kit.spawn(Bridge.create(side("ros1", ros1, foreign1), side("ros2", ros2, foreign2), settings));
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
    ros1.close();
    ros2.close();
  }

  private BridgeSide side(String name, InMemorySystem system, Set<String> foreign) {
    return new BridgeSide(name, system, (topic, graph) -> foreign.contains(topic), listener -> {
      publisherListeners.add(listener);
      return () -> publisherListeners.remove(listener);
    }, (service, graph) -> foreign.contains(service));
  }

  /** A peer's publisher on one side, announced as foreign. */
  private TopicPublisher peer(InMemorySystem system, Set<String> foreign, String topic, MessageType type) {
    foreign.add(topic);
    TopicPublisher p = system.advertise(new TopicInfo(topic, type.name()), PublishOptions.DEFAULT).toCompletableFuture().join();
    publisherListeners.forEach(Runnable::run);
    return p;
  }

  private List<Message> received(InMemorySystem system, String topic, MessageType type) {
    List<Message> got = new CopyOnWriteArrayList<>();
    system.subscribe(new TopicInfo(topic, type.name()), 100, got::add).toCompletableFuture().join();
    return got;
  }

  private Message ros1Stamped(int i) {
    return Message.of(ROS1_STAMPED, Map.of("header", Map.of("seq", 7, "stamp", new RosTime(1_700_000_000L + i, 123_456_789), "frame_id", "f"),
        "text", "one " + i));
  }

  @Test
  void forwardsATopicOfAPeerTranslatingItsHeader() {
    List<Message> there = received(ros2, "/a/stamped", ROS2_STAMPED);
    TopicPublisher pub = peer(ros1, foreign1, "/a/stamped", ROS1_STAMPED);
    awaitState(Direction.ROS1_TO_ROS2, "/a/stamped", ForwardStatus.State.FORWARDING);
    pub.publish(ros1Stamped(1));
    Eventually.await(WAIT, "the message on ROS 2", () -> there.size() == 1);
    Message m = there.get(0);
    assertEquals("test_msgs/msg/Stamped", m.type().name());
    assertEquals(1_700_000_001, m.getInt("header.stamp.sec"));
    assertEquals(123_456_789L, m.getLong("header.stamp.nanosec"));
    assertEquals("one 1", m.getString("text"));
  }

  @Test
  void topicsWithoutAPeerPublisherOrNotMatchedAreNotForwarded() {
    received(ros2, "/a/quiet", ROS2_STAMPED);
    ros1.advertise(new TopicInfo("/a/quiet", ROS1_STAMPED.name()), PublishOptions.DEFAULT).toCompletableFuture().join();
    peer(ros1, foreign1, "/elsewhere", ROS1_STAMPED);
    TopicPublisher marker = peer(ros1, foreign1, "/a/marker", ROS1_STAMPED);
    // The bridge has seen the graph with all three once the marker is forwarded.
    awaitState(Direction.ROS1_TO_ROS2, "/a/marker", ForwardStatus.State.FORWARDING);
    assertEquals(Set.of("ros1-to-ros2 /a/marker"), Bridge.names(status()));
    marker.cancel();
  }

  @Test
  void aTopicWhosePeerLeftStopsAfterTheLinger() {
    TopicPublisher pub = peer(ros1, foreign1, "/a/leaving", ROS1_STAMPED);
    awaitState(Direction.ROS1_TO_ROS2, "/a/leaving", ForwardStatus.State.FORWARDING);
    foreign1.remove("/a/leaving");
    pub.cancel();
    Eventually.await(WAIT, "the topic no longer forwarded", () -> find(Direction.ROS1_TO_ROS2, "/a/leaving").isEmpty(),
        () -> status().toString());
  }

  @Test
  void anUnmappableTopicFailsAloneNamingTheField() {
    List<Message> there = received(ros2, "/a/stamped", ROS2_STAMPED);
    peer(ros1, foreign1, "/a/odd", ROS1_ODD);
    TopicPublisher good = peer(ros1, foreign1, "/a/stamped", ROS1_STAMPED);
    ForwardStatus failed = awaitState(Direction.ROS1_TO_ROS2, "/a/odd", ForwardStatus.State.FAILED);
    assertTrue(failed.error().contains("field value") && failed.error().contains("int32") && failed.error().contains("float64"),
        failed.error());
    awaitState(Direction.ROS1_TO_ROS2, "/a/stamped", ForwardStatus.State.FORWARDING);
    good.publish(ros1Stamped(2));
    Eventually.await(WAIT, "the good topic flows", () -> there.size() == 1);
  }

  @Test
  void aMessageWithoutAnExactCounterpartIsDroppedAndNamedWhileTheNextOnesFlow() {
    List<Message> on1 = received(ros1, "/b/stamped", ROS1_STAMPED);
    TopicPublisher pub = peer(ros2, foreign2, "/b/stamped", ROS2_STAMPED);
    awaitState(Direction.ROS2_TO_ROS1, "/b/stamped", ForwardStatus.State.FORWARDING);
    pub.publish(Message.of(ROS2_STAMPED, Map.of("header", Map.of("stamp", Map.of("sec", -5, "nanosec", 0)), "text", "before 1970")));
    pub.publish(Message.of(ROS2_STAMPED, Map.of("header", Map.of("stamp", Map.of("sec", 5, "nanosec", 6)), "text", "fine")));
    Eventually.await(WAIT, "the fine message on ROS 1", () -> on1.size() == 1);
    assertEquals(new RosTime(5, 6), on1.get(0).get("header.stamp"));
    ForwardStatus t = find(Direction.ROS2_TO_ROS1, "/b/stamped").orElseThrow();
    assertEquals(1, t.dropped(), t.toString());
    assertEquals(1, t.forwarded(), t.toString());
    assertTrue(t.error().contains("header.stamp") && t.error().contains("1970"), t.toString());
  }

  @Test
  void aTopicForwardedBothWaysDoesNotEcho() {
    List<Message> on1 = received(ros1, "/both", ROS1_STAMPED);
    List<Message> on2 = received(ros2, "/both", ROS2_STAMPED);
    TopicPublisher pub1 = peer(ros1, foreign1, "/both", ROS1_STAMPED);
    TopicPublisher pub2 = peer(ros2, foreign2, "/both", ROS2_STAMPED);
    awaitState(Direction.ROS1_TO_ROS2, "/both", ForwardStatus.State.FORWARDING);
    awaitState(Direction.ROS2_TO_ROS1, "/both", ForwardStatus.State.FORWARDING);
    for (int i = 0; i < 5; i++) {
      pub1.publish(ros1Stamped(i));
      pub2.publish(Message.of(ROS2_STAMPED, Map.of("header", Map.of("stamp", Map.of("sec", i, "nanosec", 9), "frame_id", "g"),
          "text", "two " + i)));
    }
    // Each forwarded message comes back once on the other side's subscription and stops there.
    Eventually.await(WAIT, "every echo seen", () -> find(Direction.ROS1_TO_ROS2, "/both").orElseThrow().echoes() == 5
        && find(Direction.ROS2_TO_ROS1, "/both").orElseThrow().echoes() == 5, () -> status().toString());
    assertEquals(5, find(Direction.ROS1_TO_ROS2, "/both").orElseThrow().forwarded(), status().toString());
    assertEquals(5, find(Direction.ROS2_TO_ROS1, "/both").orElseThrow().forwarded(), status().toString());
    Eventually.await(WAIT, "ten messages each side", () -> on1.size() == 10 && on2.size() == 10);
    assertEquals(10, on1.stream().distinct().count(), on1.toString());
  }

  @Test
  void aServiceOfAPeerIsServedOnTheOtherSideWithRequestAndResponseTranslated() throws Exception {
    foreign1.add("/a/stamp");
    ros1.serve(new ServiceInfo("/a/stamp", ROS1_STAMP.name()), request -> CompletableFuture.completedFuture(
        Message.of(ROS1_STAMP.response(), Map.of("stamp", request.get("header.stamp"), "text", "seq " + request.get("header.seq")))))
        .toCompletableFuture().join();
    publisherListeners.forEach(Runnable::run);
    awaitService(Direction.ROS1_TO_ROS2, "/a/stamp", ForwardStatus.State.FORWARDING);
    Message reply = ros2.call(new ServiceInfo("/a/stamp", ROS2_STAMP.name()),
        Message.of(ROS2_STAMP.request(), Map.of("header", Map.of("stamp", Map.of("sec", 1_700_000_000, "nanosec", 5)))), WAIT)
        .toCompletableFuture().get();
    assertEquals("test_srvs/srv/Stamp_Response", reply.type().name());
    assertEquals(1_700_000_000, reply.getInt("stamp.sec"));
    assertEquals(5L, reply.getLong("stamp.nanosec"));
    // ROS 2 headers have no seq: the ROS 1 server sees 0.
    assertEquals("seq 0", reply.getString("text"));
    assertEquals(1, findService(Direction.ROS1_TO_ROS2, "/a/stamp").orElseThrow().forwarded());
  }

  @Test
  void aFailingServerFailsTheCallAndAnUnmappableServiceFailsAlone() throws Exception {
    foreign2.add("/b/stamp");
    foreign2.add("/b/odd");
    ros2.serve(new ServiceInfo("/b/stamp", ROS2_STAMP.name()),
        request -> CompletableFuture.failedFuture(new IllegalStateException("the robot is busy"))).toCompletableFuture().join();
    ros2.serve(new ServiceInfo("/b/odd", ROS2_ODD_SRV.name()),
        request -> CompletableFuture.completedFuture(Message.of(ROS2_ODD_SRV.response(), Map.of()))).toCompletableFuture().join();
    publisherListeners.forEach(Runnable::run);
    awaitService(Direction.ROS2_TO_ROS1, "/b/stamp", ForwardStatus.State.FORWARDING);
    ForwardStatus odd = awaitService(Direction.ROS2_TO_ROS1, "/b/odd", ForwardStatus.State.FAILED);
    assertTrue(odd.error().contains("value"), odd.toString());
    ExecutionException e = assertThrows(ExecutionException.class, () -> ros1.call(new ServiceInfo("/b/stamp", ROS1_STAMP.name()),
        Message.of(ROS1_STAMP.request(), Map.of("header", Map.of("seq", 3, "stamp", new RosTime(4, 5), "frame_id", "f"))), WAIT)
        .toCompletableFuture().get());
    assertTrue(e.getCause().getMessage().contains("the robot is busy"), e.getCause().toString());
    Eventually.await(WAIT, "the failed call counted", () -> findService(Direction.ROS2_TO_ROS1, "/b/stamp").orElseThrow().dropped() == 1);
  }

  private Optional<ForwardStatus> findService(Direction d, String name) {
    return status().stream().filter(t -> t.kind() == ForwardStatus.Kind.SERVICE && t.direction() == d && t.name().equals(name)).findFirst();
  }

  private ForwardStatus awaitService(Direction d, String name, ForwardStatus.State state) {
    Eventually.await(WAIT, "service " + d + " " + name + " " + state, () -> findService(d, name).map(t -> t.state() == state).orElse(false),
        () -> status().toString());
    return findService(d, name).orElseThrow();
  }

  private List<ForwardStatus> status() {
    TestProbe<List<ForwardStatus>> probe = kit.createTestProbe();
    bridge.tell(new Bridge.Status(probe.ref()));
    return probe.receiveMessage(WAIT);
  }

  private Optional<ForwardStatus> find(Direction d, String topic) {
    return status().stream().filter(t -> t.kind() == ForwardStatus.Kind.TOPIC && t.direction() == d && t.name().equals(topic)).findFirst();
  }

  private ForwardStatus awaitState(Direction d, String topic, ForwardStatus.State state) {
    Eventually.await(WAIT, d + " " + topic + " " + state, () -> find(d, topic).map(t -> t.state() == state).orElse(false),
        () -> status().toString());
    return find(d, topic).orElseThrow();
  }
}
