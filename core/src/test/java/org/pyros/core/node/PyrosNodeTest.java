package org.pyros.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.memory.InMemorySystem;

class PyrosNodeTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "pyros.child-restart.min-backoff = 20ms\npyros.child-restart.max-backoff = 200ms").withFallback(ConfigFactory.load()));

  static final Exposure EXPOSE = new Exposure(
      NameFilter.of(List.of("/chatter", "/robot/**"), List.of("/robot/secret")),
      NameFilter.allowing("/robot/*"),
      NameFilter.allowing("/robot/**"));

  InMemorySystem system;
  ActorRef<PyrosNode.Command> node;

  @BeforeEach
  void start() {
    system = new InMemorySystem();
    node = testKit.spawn(PyrosNode.create(system, NodeSettings.fromConfig(testKit.system().settings().config()).withExposure(EXPOSE)));
  }

  @AfterEach
  void stop() {
    testKit.stop(node);
    system.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Message text(String s) {
    return Message.builder(StandardTypes.STRING).set("data", s).build();
  }

  <T> T ok(TestProbe<Reply<T>> probe) {
    Reply<T> reply = probe.receiveMessage(Duration.ofSeconds(5));
    return assertInstanceOf(Reply.Ok.class, reply, () -> "expected Ok, got " + reply).value() == null ? null : reply.getOrThrow();
  }

  <T> Reply.Failed<T> failed(TestProbe<Reply<T>> probe) {
    Reply<T> reply = probe.receiveMessage(Duration.ofSeconds(5));
    @SuppressWarnings("unchecked")
    Reply.Failed<T> f = assertInstanceOf(Reply.Failed.class, reply, () -> "expected Failed, got " + reply);
    return f;
  }

  void publish(String topic, Message m) {
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.Publish(topic, m, done.ref()));
    ok(done);
  }

  TestProbe<TopicEvent> subscribe(String topic) {
    TestProbe<TopicEvent> events = testKit.createTestProbe();
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.Subscribe(topic, events.ref(), done.ref()));
    ok(done);
    return events;
  }

  TestProbe<TopicEvent> awaitSubscribe(String topic) {
    TestProbe<TopicEvent> events = testKit.createTestProbe();
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    done.awaitAssert(Duration.ofSeconds(5), () -> {
      node.tell(new PyrosNode.Subscribe(topic, events.ref(), done.ref()));
      ok(done);
      return null;
    });
    return events;
  }

  Message received(TestProbe<TopicEvent> events) {
    return assertInstanceOf(TopicEvent.Received.class, events.receiveMessage(Duration.ofSeconds(5))).message();
  }

  @Test
  void aNodeThatExposesNothingSaysSoAtStart() {
    InMemorySystem other = new InMemorySystem();
    try {
      ActorRef<PyrosNode.Command> closed = LoggingTestKit.warn("exposes nothing").expect(testKit.system(),
          () -> testKit.spawn(PyrosNode.create(other, NodeSettings.fromConfig(testKit.system().settings().config())
              .withExposure(Exposure.NONE))));
      testKit.stop(closed);
      LoggingTestKit.warn("exposes nothing").withOccurrences(0).expect(testKit.system(),
          () -> testKit.spawn(PyrosNode.create(other, NodeSettings.fromConfig(testKit.system().settings().config())
              .withExposure(EXPOSE))));
    } finally {
      other.close();
    }
  }

  @Test
  void publishedMessagesReachSubscribersInOrder() {
    // Another node creates the topic; once the node has seen it, subscriptions are accepted.
    system.advertise(new TopicInfo("/chatter", "std_msgs/String"), org.pyros.core.system.PublishOptions.DEFAULT);
    TestProbe<TopicEvent> a = awaitSubscribe("/chatter");
    TestProbe<TopicEvent> b = subscribe("/chatter");
    for (int i = 0; i < 50; i++) {
      publish("/chatter", text("m" + i));
    }
    for (int i = 0; i < 50; i++) {
      assertEquals("m" + i, received(a).getString("data"));
      assertEquals("m" + i, received(b).getString("data"));
    }
  }

  @Test
  void messagesFromOtherNodesReachSubscribersAndLatest() throws Exception {
    var publisher = system.advertise(new TopicInfo("/robot/pose", "geometry_msgs/Pose2D"), org.pyros.core.system.PublishOptions.DEFAULT)
        .toCompletableFuture().get();
    TestProbe<Reply<LatestMessage>> latest = testKit.createTestProbe();
    // The node learns of the topic from the graph; poll until its child exists.
    latest.awaitAssert(Duration.ofSeconds(5), () -> {
      node.tell(new PyrosNode.Latest("/robot/pose", latest.ref()));
      assertNull(ok(latest).message());
      return null;
    });
    TestProbe<TopicEvent> events = subscribe("/robot/pose");
    Message pose = Message.builder(StandardTypes.POSE2D).set("x", 1.5).set("theta", 0.25).build();
    publisher.publish(pose);
    assertEquals(pose, received(events));
    node.tell(new PyrosNode.Latest("/robot/pose", latest.ref()));
    assertEquals(pose, ok(latest).message());
  }

  @Test
  void unexposedNamesAreRefused() {
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.Publish("/robot/secret", text("x"), done.ref()));
    assertEquals(ErrorCode.NOT_EXPOSED, failed(done).code());
    node.tell(new PyrosNode.Publish("/other", text("x"), done.ref()));
    Reply.Failed<Done> f = failed(done);
    assertEquals(ErrorCode.NOT_EXPOSED, f.code());
    assertTrue(f.message().contains("/other"), f.message());
    TestProbe<Reply<Message>> call = testKit.createTestProbe();
    node.tell(new PyrosNode.CallService("/admin/reset", StandardTypes.EMPTY_SRV.request().defaultMessage(), null, call.ref()));
    assertEquals(ErrorCode.NOT_EXPOSED, failed(call).code());
    TestProbe<Reply<ParamValue>> param = testKit.createTestProbe();
    node.tell(new PyrosNode.GetParam("/secret_key", param.ref()));
    assertEquals(ErrorCode.NOT_EXPOSED, failed(param).code());
    TestProbe<Reply<LatestMessage>> latest = testKit.createTestProbe();
    node.tell(new PyrosNode.Latest("/robot/absent", latest.ref()));
    assertEquals(ErrorCode.NOT_FOUND, failed(latest).code());
  }

  @Test
  void reconfigureAddsAndRemovesTopics() {
    system.advertise(new TopicInfo("/chatter", "std_msgs/String"), org.pyros.core.system.PublishOptions.DEFAULT);
    TestProbe<TopicEvent> events = awaitSubscribe("/chatter");
    system.advertise(new TopicInfo("/news", "std_msgs/String"), org.pyros.core.system.PublishOptions.DEFAULT);
    TestProbe<Reply<List<TopicInfo>>> list = testKit.createTestProbe();
    node.tell(new PyrosNode.ListTopics(list.ref()));
    assertEquals(List.of("/chatter"), ok(list).stream().map(TopicInfo::name).toList());

    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.Reconfigure(EXPOSE.withTopics(NameFilter.allowing("/news")), done.ref()));
    ok(done);
    // The /chatter child stops and tells its subscribers; a /news child appears.
    assertInstanceOf(TopicEvent.Ended.class, events.receiveMessage(Duration.ofSeconds(5)));
    node.tell(new PyrosNode.ListTopics(list.ref()));
    assertEquals(List.of("/news"), ok(list).stream().map(TopicInfo::name).toList());
    node.tell(new PyrosNode.Publish("/chatter", text("y"), done.ref()));
    assertEquals(ErrorCode.NOT_EXPOSED, failed(done).code());
  }

  @Test
  void servicesAnswerFailAndTimeOut() {
    system.serve(new org.pyros.core.graph.ServiceInfo("/robot/set", "std_srvs/SetBool"), req -> {
      if (!req.getBool("data")) {
        throw new IllegalArgumentException("refusing false");
      }
      return CompletableFuture.completedFuture(Message.builder(StandardTypes.SET_BOOL.response())
          .set("success", true).set("message", "set").build());
    });
    system.serve(new org.pyros.core.graph.ServiceInfo("/robot/slow", "std_srvs/Trigger"), req -> new CompletableFuture<>());
    Message yes = Message.builder(StandardTypes.SET_BOOL.request()).set("data", true).build();
    TestProbe<Reply<Message>> call = testKit.createTestProbe();
    call.awaitAssert(Duration.ofSeconds(5), () -> {
      node.tell(new PyrosNode.CallService("/robot/set", yes, null, call.ref()));
      assertEquals("set", ok(call).getString("message"));
      return null;
    });

    node.tell(new PyrosNode.CallService("/robot/set", yes.with("data", false), null, call.ref()));
    Reply.Failed<Message> f = failed(call);
    assertEquals(ErrorCode.SERVICE_FAILED, f.code());
    assertTrue(f.message().contains("refusing false"), f.message());

    call.awaitAssert(Duration.ofSeconds(5), () -> {
      node.tell(new PyrosNode.CallService("/robot/slow", StandardTypes.TRIGGER.request().defaultMessage(), Duration.ofMillis(200), call.ref()));
      assertEquals(ErrorCode.TIMEOUT, failed(call).code());
      return null;
    });
    // The node is still up and serving.
    node.tell(new PyrosNode.CallService("/robot/set", yes, null, call.ref()));
    assertTrue(ok(call).getBool("success"));
  }

  @Test
  void applicationsProvideServices() {
    ActorRef<ServiceRequest> handler = testKit.spawn(Behaviors.receiveMessage(r -> {
      r.replyTo().tell(Reply.ok(Message.builder(StandardTypes.TRIGGER.response()).set("success", true).set("message", "hi " + r.service()).build()));
      return Behaviors.same();
    }));
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.ProvideService("/robot/hello", "std_srvs/Trigger", handler, done.ref()));
    ok(done);
    Message response = system.call(new org.pyros.core.graph.ServiceInfo("/robot/hello", "std_srvs/Trigger"),
        StandardTypes.TRIGGER.request().defaultMessage(), Duration.ofSeconds(3)).toCompletableFuture().join();
    assertEquals("hi /robot/hello", response.getString("message"));
  }

  @Test
  void paramsGetSetDeleteList() {
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.SetParam("/robot/limits", Map.of("speed", 1.5, "name", "r2"), done.ref()));
    ok(done);
    TestProbe<Reply<ParamValue>> value = testKit.createTestProbe();
    node.tell(new PyrosNode.GetParam("/robot/limits/speed", value.ref()));
    assertEquals(1.5, ok(value).value());
    node.tell(new PyrosNode.GetParam("/robot/limits", value.ref()));
    assertEquals(Map.of("speed", 1.5, "name", "r2"), ok(value).value());
    TestProbe<Reply<List<String>>> names = testKit.createTestProbe();
    system.setParam("/hidden", 1);
    node.tell(new PyrosNode.ListParams(names.ref()));
    assertEquals(List.of("/robot/limits/name", "/robot/limits/speed"), ok(names));
    node.tell(new PyrosNode.DeleteParam("/robot/limits/name", done.ref()));
    ok(done);
    node.tell(new PyrosNode.GetParam("/robot/limits/name", value.ref()));
    assertNull(ok(value).value());
    node.tell(new PyrosNode.DeleteParam("/robot/limits/name", done.ref()));
    assertEquals(ErrorCode.NOT_FOUND, failed(done).code());
  }

  @Test
  void aCrashedTopicChildIsRestartedAndKeepsItsSubscribers() {
    system.advertise(new TopicInfo("/chatter", "std_msgs/String"), org.pyros.core.system.PublishOptions.DEFAULT);
    TestProbe<TopicEvent> events = awaitSubscribe("/chatter");
    publish("/chatter", text("before"));
    assertEquals("before", received(events).getString("data"));
    system.failNextPublish("/chatter", new IllegalStateException("transport broke"));
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    node.tell(new PyrosNode.Publish("/chatter", text("lost"), done.ref()));
    Reply.Failed<Done> f = failed(done);
    assertEquals(ErrorCode.SYSTEM_FAILURE, f.code());
    assertTrue(f.message().contains("transport broke"), f.message());
    // After the backoff the restarted child advertises again and its subscriber is back.
    publish("/chatter", text("after"));
    assertEquals("after", received(events).getString("data"));
  }
}
