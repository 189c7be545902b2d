package org.pyros.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.memory.InMemorySystem;

/** The node subscribes to a topic in the system only while someone uses it through the node. */
class LazySubscriptionTest {
  static final ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString(
      "pyros.topic.latest-linger = 300ms\npyros.topic.latest-wait = 1s").withFallback(ConfigFactory.load()));
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Exposure ALL = new Exposure(NameFilter.allowing("/**"), NameFilter.allowing("/**"), NameFilter.allowing("/**"));

  InMemorySystem real;
  SubscriptionCount count;
  ActorRef<PyrosNode.Command> node;

  @BeforeEach
  void start() {
    real = new InMemorySystem();
    count = new SubscriptionCount(real);
    node = kit.spawn(PyrosNode.create(count.system, NodeSettings.fromConfig(kit.system().settings().config()).withExposure(ALL)));
  }

  @AfterEach
  void stop() {
    kit.stop(node);
    real.close();
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  static Message text(String s) {
    return Message.builder(StandardTypes.STRING).set("data", s).build();
  }

  TopicPublisher otherNodePublishes(String topic, boolean latched) throws Exception {
    return real.advertise(new TopicInfo(topic, StandardTypes.STRING.name()), new PublishOptions(latched, 10))
        .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Waits until the node has the topic (its type known), which asks nothing of its subscriptions. */
  void awaitTopic(String topic) {
    TestProbe<Reply<MessageType>> type = kit.createTestProbe();
    type.awaitAssert(WAIT, () -> {
      node.tell(new PyrosNode.DescribeTopic(topic, type.ref()));
      assertInstanceOf(Reply.Ok.class, type.receiveMessage(WAIT));
      return null;
    });
  }

  TestProbe<TopicEvent> subscribe(String topic) {
    TestProbe<TopicEvent> events = kit.createTestProbe();
    TestProbe<Reply<Done>> done = kit.createTestProbe();
    node.tell(new PyrosNode.Subscribe(topic, events.ref(), done.ref()));
    assertInstanceOf(Reply.Ok.class, done.receiveMessage(WAIT));
    return events;
  }

  void awaitLive(String topic, int n) {
    kit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(n, count.live(topic), "live subscriptions to " + topic);
      return null;
    });
  }

  static String received(TestProbe<TopicEvent> events) {
    return assertInstanceOf(TopicEvent.Received.class, events.receiveMessage(WAIT)).message().getString("data");
  }

  LatestMessage latest(String topic) {
    TestProbe<Reply<LatestMessage>> reply = kit.createTestProbe();
    node.tell(new PyrosNode.Latest(topic, reply.ref()));
    return reply.receiveMessage(WAIT).getOrThrow();
  }

  @Test
  void subscribesOnceWhileSubscribersStayAndNotBeforeOrAfter() throws Exception {
    TopicPublisher other = otherNodePublishes("/t/a", false);
    awaitTopic("/t/a");
    assertEquals(0, count.made("/t/a"), "a topic in the graph is not subscribed to before anyone subscribes");

    TestProbe<TopicEvent> a = subscribe("/t/a");
    awaitLive("/t/a", 1);
    other.publish(text("one"));
    assertEquals("one", received(a));

    TestProbe<TopicEvent> b = subscribe("/t/a");
    other.publish(text("two"));
    assertEquals("two", received(a));
    assertEquals("two", received(b));
    assertEquals(1, count.made("/t/a"), "two subscribers share one subscription");

    node.tell(new PyrosNode.Unsubscribe("/t/a", a.ref()));
    other.publish(text("three"));
    assertEquals("three", received(b));
    assertEquals(1, count.live("/t/a"), "still used by one");

    node.tell(new PyrosNode.Unsubscribe("/t/a", b.ref()));
    awaitLive("/t/a", 0);
    assertEquals(1, count.made("/t/a"));

    TestProbe<TopicEvent> c = subscribe("/t/a");
    awaitLive("/t/a", 1);
    c.stop();
    awaitLive("/t/a", 0); // a subscriber that stops leaves too
  }

  @Test
  void latestSubscribesForTheLingerThenUnsubscribes() throws Exception {
    TopicPublisher other = otherNodePublishes("/t/latched", true);
    other.publish(text("kept"));
    awaitTopic("/t/latched");
    assertEquals(0, count.made("/t/latched"));

    // The first latest waits for the first message: the latched one comes on subscribing.
    assertEquals("kept", latest("/t/latched").message().getString("data"));
    assertEquals(1, count.live("/t/latched"), "followed for the linger after a latest");
    other.publish(text("newer"));
    kit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals("newer", latest("/t/latched").message().getString("data"));
      return null;
    });
    awaitLive("/t/latched", 0);
    assertEquals(1, count.made("/t/latched"), "each latest within the linger kept the one subscription");
  }

  @Test
  void theFirstLatestWaitsForAMessageThenAnswersNoneSeen() throws Exception {
    TopicPublisher other = otherNodePublishes("/t/quiet", false);
    awaitTopic("/t/quiet");
    assertNull(latest("/t/quiet").message(), "nothing published: none seen, after the latest-wait");

    awaitLive("/t/quiet", 0);
    TestProbe<Reply<LatestMessage>> reply = kit.createTestProbe();
    node.tell(new PyrosNode.Latest("/t/quiet", reply.ref()));
    awaitLive("/t/quiet", 1);
    other.publish(text("first"));
    assertEquals("first", reply.receiveMessage(WAIT).getOrThrow().message().getString("data"),
        "a message that comes while the latest waits is its answer");
  }

  @Test
  void publishingNeverSubscribes() {
    TestProbe<Reply<Done>> done = kit.createTestProbe();
    for (int i = 0; i < 10; i++) {
      node.tell(new PyrosNode.Publish("/t/out", text("p" + i), done.ref()));
      assertInstanceOf(Reply.Ok.class, done.receiveMessage(WAIT));
    }
    assertEquals(0, count.made("/t/out"), "publishing alone never subscribes");
    assertEquals("p9", latest("/t/out").message().getString("data"), "what the node published counts at once");

    TestProbe<TopicEvent> events = subscribe("/t/out");
    awaitLive("/t/out", 1); // the count sees this topic's subscriptions
    node.tell(new PyrosNode.Publish("/t/out", text("p10"), done.ref()));
    assertEquals("p10", received(events));
  }
}
