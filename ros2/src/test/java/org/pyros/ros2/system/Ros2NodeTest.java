package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.metrics.PyrosMetrics;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.LatestMessage;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.ParamValue;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.TopicEvent;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;

/**
 * The node actor's own scenarios (publish, subscribe, latest, exposure, reconfigure) on a
 * {@link Ros2System}: the node runs on one participant, "another node" of the graph on a second
 * participant in this JVM, and everything between them is RTPS over loopback.
 */
class Ros2NodeTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "pyros.child-restart.min-backoff = 20ms\npyros.child-restart.max-backoff = 200ms").withFallback(ConfigFactory.load()));

  static final Exposure EXPOSE = new Exposure(
      NameFilter.of(List.of("/chatter", "/robot/**"), List.of("/robot/secret")),
      NameFilter.allowing("/robot/*"),
      NameFilter.allowing("/robot/**"));

  int domain;
  Ros2System system;
  Ros2System other;
  ActorRef<PyrosNode.Command> node;
  PyrosMetrics metrics;
  MessageType string;
  MessageType pose2d;

  @BeforeEach
  void start() {
    domain = FreeDomain.pick();
    system = Ros2System.start(Ros2Settings.loopback(domain, "pyros_test"));
    other = Ros2System.start(Ros2Settings.loopback(domain, "other_node"));
    string = system.types().messageType("std_msgs/msg/String");
    pose2d = system.types().messageType("geometry_msgs/msg/Pose2D");
    NodeSettings settings = NodeSettings.fromConfig(testKit.system().settings().config()).withExposure(EXPOSE)
        .withLatched(NameFilter.allowing("/robot/map_name"));
    metrics = new PyrosMetrics();
    node = testKit.spawn(PyrosNode.create(system, settings, metrics));
  }

  @AfterEach
  void stop() {
    testKit.stop(node);
    system.close();
    other.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  Message text(String s) {
    return Message.builder(string).set("data", s).build();
  }

  <T> T ok(TestProbe<Reply<T>> probe) {
    Reply<T> reply = probe.receiveMessage(Duration.ofSeconds(10));
    return assertInstanceOf(Reply.Ok.class, reply, () -> "expected Ok, got " + reply).value() == null ? null : reply.getOrThrow();
  }

  <T> Reply.Failed<T> failed(TestProbe<Reply<T>> probe) {
    Reply<T> reply = probe.receiveMessage(Duration.ofSeconds(10));
    @SuppressWarnings("unchecked")
    Reply.Failed<T> f = assertInstanceOf(Reply.Failed.class, reply, () -> "expected Failed, got " + reply);
    return f;
  }

  void publish(String topic, Message m) {
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.Publish(topic, m, done.ref()));
    ok(done);
  }

  /** Subscribes through the node once it has learnt the topic from discovery. */
  TestProbe<TopicEvent> awaitSubscribe(String topic) {
    TestProbe<TopicEvent> events = testKit.createTestProbe();
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    done.awaitAssert(Duration.ofSeconds(10), () -> {
      node.tell(new PyrosNode.Subscribe(topic, events.ref(), done.ref()));
      ok(done);
      return null;
    });
    return events;
  }

  Message received(TestProbe<TopicEvent> events) {
    return assertInstanceOf(TopicEvent.Received.class, events.receiveMessage(Duration.ofSeconds(10))).message();
  }

  TopicPublisher advertise(Ros2System on, String topic, MessageType type, PublishOptions options) {
    return on.advertise(new TopicInfo(topic, type.name()), options).toCompletableFuture().join();
  }

  List<Message> subscribeOn(Ros2System on, String topic, MessageType type) {
    List<Message> got = new CopyOnWriteArrayList<>();
    on.subscribe(new TopicInfo(topic, type.name()), 1000, got::add).toCompletableFuture().join();
    return got;
  }

  /**
   * Waits until {@code from}'s participant knows {@code to}'s endpoint of that kind on the topic:
   * a volatile writer sends only to readers it has discovered, and a reader takes samples only
   * from writers it has discovered.
   */
  static void awaitDiscovered(Ros2System from, Ros2System to, String topic, boolean writer) {
    Eventually.await(Duration.ofSeconds(10), (writer ? "writer" : "reader") + " of " + topic + " discovered",
        () -> (writer ? from.participant().graph().writersOn("rt" + topic) : from.participant().graph().readersOn("rt" + topic))
            .stream().anyMatch(e -> e.guid().prefix().equals(to.participant().guidPrefix())));
  }

  @Test
  void publishedMessagesReachSubscribersInOrderInProcessAndOverTheWire() {
    TopicPublisher otherPublisher = advertise(other, "/chatter", string, PublishOptions.DEFAULT);
    List<Message> overTheWire = subscribeOn(other, "/chatter", string);
    TestProbe<TopicEvent> a = awaitSubscribe("/chatter");
    TestProbe<TopicEvent> b = awaitSubscribe("/chatter");
    publish("/chatter", text("m0"));
    assertEquals("m0", received(a).getString("data"));
    assertEquals("m0", received(b).getString("data"));
    awaitDiscovered(system, other, "/chatter", false);
    awaitDiscovered(other, system, "/chatter", true);
    List<String> sent = new ArrayList<>();
    for (int i = 1; i < 50; i++) {
      publish("/chatter", text("m" + i));
      sent.add("m" + i);
    }
    for (String s : sent) {
      assertEquals(s, received(a).getString("data"));
      assertEquals(s, received(b).getString("data"));
    }
    Eventually.await(Duration.ofSeconds(10), "all 49 over RTPS", () -> overTheWire.stream()
        .map(m -> m.getString("data")).filter(sent::contains).count() == sent.size());
    List<String> inOrder = overTheWire.stream().map(m -> m.getString("data")).filter(sent::contains).toList();
    assertEquals(sent, inOrder);
    otherPublisher.cancel();
  }

  @Test
  void messagesFromOtherNodesReachSubscribersAndLatest() {
    TopicPublisher publisher = advertise(other, "/robot/pose", pose2d, PublishOptions.DEFAULT);
    TestProbe<Reply<LatestMessage>> latest = testKit.createTestProbe();
    latest.awaitAssert(Duration.ofSeconds(10), () -> {
      node.tell(new PyrosNode.Latest("/robot/pose", latest.ref()));
      assertNull(ok(latest).message());
      return null;
    });
    TestProbe<TopicEvent> events = awaitSubscribe("/robot/pose");
    awaitDiscovered(other, system, "/robot/pose", false);
    // Core's standard Pose2D has the fields of ROS 2's: publishing it is as good as publishing one of ours.
    publisher.publish(Message.builder(StandardTypes.POSE2D).set("x", 1.5).set("theta", 0.25).build());
    Message received = received(events);
    assertEquals("geometry_msgs/msg/Pose2D", received.type().name());
    assertEquals(0.25, received.getDouble("theta"));
    node.tell(new PyrosNode.Latest("/robot/pose", latest.ref()));
    assertEquals(1.5, ok(latest).message().getDouble("x"));
  }

  @Test
  void aLatchedTopicReachesALateSubscriberOfAnotherNode() {
    publish("/robot/map_name", text("office"));
    // Late, and knowing the latched writer: its reader asks for the history from the start
    // (a subscription made before the writer is known is made again: Ros2SubscriptionAdaptTest).
    awaitDiscovered(other, system, "/robot/map_name", true);
    List<Message> late = subscribeOn(other, "/robot/map_name", string);
    // What each side knows of the other, should it fail: the writer and readers with their QoS.
    Eventually.await(Duration.ofSeconds(20), "the late subscriber got the latched message",
        () -> late.stream().anyMatch(m -> m.getString("data").equals("office")),
        () -> "writers known to the subscriber: " + other.participant().graph().writersOn("rt/robot/map_name")
            + "; readers known to the node: " + system.participant().graph().readersOn("rt/robot/map_name")
            + "; received: " + late);
  }

  @Test
  void topicBytesAreTheSerializedPayloadsInAndOut() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    TopicPublisher otherPublisher = advertise(other, "/chatter", string, PublishOptions.DEFAULT);
    TestProbe<TopicEvent> events = awaitSubscribe("/chatter");
    // A std_msgs/String "abc" is 12 bytes: encapsulation header 4, length 4, "abc" and its NUL 4.
    // Until the other node's writer has matched the node's reader its samples reach nobody, so it
    // publishes until one arrives.
    Eventually.await(Duration.ofSeconds(10), "a message from the other node", () -> {
      otherPublisher.publish(text("abc"));
      try {
        return events.receiveMessage(Duration.ofMillis(200)) instanceof TopicEvent.Received;
      } catch (AssertionError nothingYet) {
        return false;
      }
    });
    publish("/chatter", text("xyz"));
    publish("/chatter", text("xyz"));
    assertEquals(24.0, bytes(registry, "/chatter", "out"), "two of 12 bytes out");
    // Every sample in, the node's own included (its reader hears its writer), is 12 bytes; at
    // least the three the node delivered came in.
    Eventually.await(Duration.ofSeconds(10), "12 bytes per message in",
        () -> messagesIn(registry) >= 3 && bytes(registry, "/chatter", "in") >= 12 * messagesIn(registry)
            && bytes(registry, "/chatter", "in") % 12 == 0,
        () -> "bytes in: " + bytes(registry, "/chatter", "in") + ", messages in: " + messagesIn(registry)
            + ", events: " + drain(events));
    otherPublisher.cancel();
  }

  @Test
  void aReliablePeerReaderThatKeepsUpWithABurstCountsNoPublicationDrops() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    publish("/chatter", text("advertise"));
    int burst = 200;
    try (DdsPeers.Peer cyclone = DdsPeers.ros2Peer(DdsPeers.Kind.CYCLONE, DdsPeers.Options.domain(domain),
        "sub", "string", "/chatter", Integer.toString(burst), "60", "--reliable", "--depth", "1000",
        "--wait-match", "1")) {
      cyclone.awaitLine("matched 1", Duration.ofSeconds(20));
      PeerContent content = new PeerContent(system.types());
      for (int i = 0; i < burst; i++) {
        publish("/chatter", content.string(i));
      }
      // The writer's depth of 10 lets go of samples long before the peer acknowledges them
      // (acknowledgements follow heartbeats); the peer got them all, so none was dropped.
      assertEquals(0, cyclone.awaitExit(Duration.ofSeconds(60)), cyclone.toString());
      assertEquals(0.0, publicationDrops(registry), "a reader that got every sample misses nothing");
    }
  }

  static double publicationDrops(SimpleMeterRegistry registry) {
    return registry.get("pyros.topic.dropped").tags("topic", "/chatter", "queue", "publication").functionCounter().count();
  }

  static String drain(TestProbe<TopicEvent> events) {
    List<Object> got = new ArrayList<>();
    while (true) {
      try {
        got.add(events.receiveMessage(Duration.ofMillis(300)));
      } catch (AssertionError none) {
        return got.toString();
      }
    }
  }

  static double messagesIn(SimpleMeterRegistry registry) {
    FunctionCounter c = registry.find("pyros.topic.messages").tags("topic", "/chatter", "direction", "in").functionCounter();
    return c == null ? -1 : c.count();
  }

  static double bytes(SimpleMeterRegistry registry, String topic, String direction) {
    FunctionCounter c = registry.find("pyros.topic.bytes").tags("topic", topic, "direction", direction).functionCounter();
    return c == null ? -1 : c.count();
  }

  @Test
  void aBestEffortPublisherIsHeardBySubscribersThroughTheNode() {
    TopicPublisher scan = advertise(other, "/robot/scan", string, PublishOptions.DEFAULT.withQosProfile("sensor-data"));
    TestProbe<TopicEvent> events = awaitSubscribe("/robot/scan");
    // Our reader takes best effort from the writer's announced QoS (a reliable one would not
    // match). Best effort may lose a sample, by definition: the publisher goes on until one arrives.
    Eventually.await(Duration.ofSeconds(10), "a best-effort sample through the node", () -> {
      scan.publish(text("ping"));
      try {
        return events.receiveMessage(Duration.ofMillis(200)) instanceof TopicEvent.Received r
            && r.message().getString("data").equals("ping");
      } catch (AssertionError nothingYet) {
        return false;
      }
    });
  }

  @Test
  void unexposedNamesAreRefusedAndServicesAndParamsSayTheyAreNotThereYet() {
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.Publish("/robot/secret", text("x"), done.ref()));
    assertEquals(ErrorCode.NOT_EXPOSED, failed(done).code());
    node.tell(new PyrosNode.Publish("/other", text("x"), done.ref()));
    assertEquals(ErrorCode.NOT_EXPOSED, failed(done).code());
    TestProbe<Reply<LatestMessage>> latest = testKit.createTestProbe();
    node.tell(new PyrosNode.Latest("/robot/absent", latest.ref()));
    assertEquals(ErrorCode.NOT_FOUND, failed(latest).code());
    TestProbe<Reply<ParamValue>> param = testKit.createTestProbe();
    node.tell(new PyrosNode.GetParam("/robot/speed", param.ref()));
    Reply.Failed<ParamValue> f = failed(param);
    assertEquals(ErrorCode.UNAVAILABLE, f.code());
    assertTrue(f.message().contains("ROS 2"), f.message());
  }

  @Test
  void reconfigureAddsAndRemovesTopics() {
    advertise(other, "/chatter", string, PublishOptions.DEFAULT);
    TestProbe<TopicEvent> events = awaitSubscribe("/chatter");
    advertise(other, "/news", string, PublishOptions.DEFAULT);
    TestProbe<Reply<List<TopicInfo>>> list = testKit.createTestProbe();
    // A subscription is accepted before the node's view of the graph has the topic: wait for the view.
    list.awaitAssert(Duration.ofSeconds(10), () -> {
      node.tell(new PyrosNode.ListTopics(list.ref()));
      assertEquals(List.of("/chatter"), ok(list).stream().map(TopicInfo::name).toList());
      return null;
    });

    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.Reconfigure(EXPOSE.withTopics(NameFilter.allowing("/news")), done.ref()));
    ok(done);
    assertInstanceOf(TopicEvent.Ended.class, events.receiveMessage(Duration.ofSeconds(10)));
    list.awaitAssert(Duration.ofSeconds(10), () -> {
      node.tell(new PyrosNode.ListTopics(list.ref()));
      assertEquals(List.of("/news"), ok(list).stream().map(TopicInfo::name).toList());
      return null;
    });
    node.tell(new PyrosNode.Publish("/chatter", text("y"), done.ref()));
    assertEquals(ErrorCode.NOT_EXPOSED, failed(done).code());
  }

  @Test
  void aSubscriptionEndsItsReaderWhenTheLastSubscriberLeaves() {
    // A topic the node does not expose: the node holds no subscription of its own to it.
    TopicPublisher publisher = advertise(other, "/hidden/odom", string, PublishOptions.DEFAULT);
    Registration sub = system.subscribe(new TopicInfo("/hidden/odom", string.name()), 10, m -> { })
        .toCompletableFuture().join();
    Eventually.await(Duration.ofSeconds(10), "the other node sees our reader", () -> readersOfOursOn(other, "rt/hidden/odom") == 1);
    sub.cancel();
    Eventually.await(Duration.ofSeconds(10), "the other node no longer sees our reader", () -> readersOfOursOn(other, "rt/hidden/odom") == 0);
    publisher.cancel();
  }

  private long readersOfOursOn(Ros2System observer, String ddsTopic) {
    return observer.participant().graph().readersOn(ddsTopic).stream()
        .filter(e -> e.guid().prefix().equals(system.participant().guidPrefix()))
        .count();
  }
}
