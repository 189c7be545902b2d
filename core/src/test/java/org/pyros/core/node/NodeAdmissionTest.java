package org.pyros.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.ForwardingGraphSystem;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.memory.InMemorySystem;

/** The node's bound on requests in flight, and on what it hands raw subscriber actors. */
class NodeAdmissionTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
  static final Exposure ALL = new Exposure(NameFilter.allowing("/**"), NameFilter.allowing("/**"), NameFilter.allowing("/**"));
  static final Duration QUICK = Duration.ofSeconds(2);

  final InMemorySystem memory = new InMemorySystem();
  final GatedAdvertising system = new GatedAdvertising(memory);
  final org.pyros.core.metrics.PyrosMetrics metrics = new org.pyros.core.metrics.PyrosMetrics();
  final NodeLoad load = metrics.load();
  // The node's load as an application's registry shows it.
  final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = bound(metrics);
  ActorRef<PyrosNode.Command> node;

  /** The in-memory system, whose advertisements complete only when the test releases them. */
  static final class GatedAdvertising extends ForwardingGraphSystem {
    final Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();

    GatedAdvertising(InMemorySystem memory) {
      super(memory);
    }

    @Override
    public CompletionStage<TopicPublisher> advertise(TopicInfo topic, PublishOptions options) {
      CompletableFuture<Void> gate = gates.computeIfAbsent(topic.name(), n -> new CompletableFuture<>());
      return gate.thenCompose(v -> delegate().advertise(topic, options));
    }

    void open(String topic) {
      gates.computeIfAbsent(topic, n -> new CompletableFuture<>()).complete(null);
    }
  }

  void startNode(int all, int perTopic, int perService) {
    NodeSettings settings = NodeSettings.fromConfig(testKit.system().settings().config()).withExposure(ALL)
        .withMaxInFlight(all, perTopic, perService);
    node = testKit.spawn(PyrosNode.create(system, settings, metrics));
  }

  @AfterEach
  void stop() {
    if (node != null) {
      testKit.stop(node);
    }
    memory.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static <T> Reply.Failed<T> failed(TestProbe<Reply<T>> probe, Duration within) {
    Reply<T> reply = probe.receiveMessage(within);
    @SuppressWarnings("unchecked")
    Reply.Failed<T> f = assertInstanceOf(Reply.Failed.class, reply, () -> "expected Failed, got " + reply);
    return f;
  }

  static Message text(String s) {
    return Message.builder(StandardTypes.STRING).set("data", s).build();
  }

  private static io.micrometer.core.instrument.simple.SimpleMeterRegistry bound(org.pyros.core.metrics.PyrosMetrics metrics) {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    metrics.bindTo(registry);
    return registry;
  }

  /** Calls {@code service}, whose server holds the answer, and waits until the node counts the call in flight. */
  private TestProbe<Reply<Message>> callInFlight(String service, Message request) {
    TestProbe<Reply<Message>> probe = testKit.createTestProbe();
    node.tell(new PyrosNode.CallService(service, request, Duration.ofSeconds(60), probe.ref()));
    probe.awaitAssert(QUICK, () -> {
      assertEquals(1, load.inFlight());
      return null;
    });
    return probe;
  }

  @Test
  void pastTheNodesBoundARequestIsRefusedAtOnceAndTheOneInFlightStillCompletes() {
    CompletableFuture<Message> answer = new CompletableFuture<>();
    memory.serve(new ServiceInfo("/held", "std_srvs/Trigger"), req -> answer);
    startNode(1, 10, 10);
    Message request = StandardTypes.TRIGGER.request().defaultMessage();

    TestProbe<Reply<Message>> first = callInFlight("/held", request);
    assertEquals(1.0, meters.get("pyros.node.requests.in-flight").gauge().value());
    // The service does not answer: a second call, and a publish elsewhere, are over the node's bound.
    TestProbe<Reply<Message>> second = testKit.createTestProbe();
    node.tell(new PyrosNode.CallService("/held", request, Duration.ofSeconds(60), second.ref()));
    assertEquals(ErrorCode.OVERLOADED, failed(second, QUICK).code());
    TestProbe<Reply<Done>> published = testKit.createTestProbe();
    node.tell(new PyrosNode.Publish("/other", text("x"), published.ref()));
    assertEquals(ErrorCode.OVERLOADED, failed(published, QUICK).code());
    first.expectNoMessage(Duration.ofMillis(100));
    assertEquals(2, load.refused());
    assertEquals(2.0, meters.get("pyros.node.requests.refused").functionCounter().count());

    answer.complete(StandardTypes.TRIGGER.response().defaultMessage());
    assertInstanceOf(Reply.Ok.class, first.receiveMessage(QUICK));
    assertEquals(0, load.inFlight());
    node.tell(new PyrosNode.CallService("/held", request, null, second.ref()));
    assertInstanceOf(Reply.Ok.class, second.receiveMessage(QUICK));
    assertEquals(0, load.inFlight());
  }

  @Test
  void eachTopicHasItsOwnBound() {
    startNode(100, 1, 1);
    TestProbe<Reply<Done>> a = testKit.createTestProbe();
    TestProbe<Reply<Done>> b = testKit.createTestProbe();
    node.tell(new PyrosNode.Publish("/a", text("1"), a.ref())); // waits for the advertisement
    node.tell(new PyrosNode.Publish("/a", text("2"), a.ref()));
    assertEquals(ErrorCode.OVERLOADED, failed(a, QUICK).code());
    node.tell(new PyrosNode.Publish("/b", text("1"), b.ref()));
    b.expectNoMessage(Duration.ofMillis(100));
    assertEquals(2, load.inFlight());

    system.open("/a");
    system.open("/b");
    assertInstanceOf(Reply.Ok.class, a.receiveMessage(QUICK));
    assertInstanceOf(Reply.Ok.class, b.receiveMessage(QUICK));
    assertEquals(0, load.inFlight());
    assertEquals(1, load.refused());
  }

  @Test
  void eachServiceHasItsOwnBound() {
    CompletableFuture<Message> held = new CompletableFuture<>();
    memory.serve(new ServiceInfo("/held", "std_srvs/Trigger"), req -> held);
    memory.serve(new ServiceInfo("/free", "std_srvs/Trigger"),
        req -> CompletableFuture.completedFuture(StandardTypes.TRIGGER.response().defaultMessage()));
    startNode(100, 100, 1);
    Message request = StandardTypes.TRIGGER.request().defaultMessage();

    TestProbe<Reply<Message>> first = callInFlight("/held", request);
    TestProbe<Reply<Message>> second = testKit.createTestProbe();
    node.tell(new PyrosNode.CallService("/held", request, Duration.ofSeconds(60), second.ref()));
    assertEquals(ErrorCode.OVERLOADED, failed(second, QUICK).code(), "the held service's one call is in flight");
    TestProbe<Reply<Message>> other = testKit.createTestProbe();
    node.tell(new PyrosNode.CallService("/free", request, Duration.ofSeconds(60), other.ref()));
    assertInstanceOf(Reply.Ok.class, other.receiveMessage(QUICK), "another service is not held back");
    assertEquals(1, load.refused());

    held.complete(StandardTypes.TRIGGER.response().defaultMessage());
    assertInstanceOf(Reply.Ok.class, first.receiveMessage(QUICK));
    assertEquals(0, load.inFlight());
  }

  @Test
  void aSlowRawSubscriberMissesMessagesInsteadOfGrowingItsMailbox() throws Exception {
    startNode(1000, 100, 100);
    int queueSize = NodeSettings.fromConfig(testKit.system().settings().config()).queueSize();
    int published = 3 * queueSize;
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger slowGot = new AtomicInteger();
    AtomicInteger mostWaiting = new AtomicInteger();
    ActorRef<TopicEvent> slow = testKit.spawn(Behaviors.receiveMessage(event -> {
      // "before" may reach the topic after the subscriptions (the system delivers it back on its
      // own time): only the numbered messages count, for both subscribers.
      if (event instanceof TopicEvent.Received r && !r.message().getString("data").equals("before")
          && slowGot.getAndIncrement() == 0) {
        release.await(60, TimeUnit.SECONDS); // busy with its first message while the rest arrive
      }
      return Behaviors.same();
    }));
    TestProbe<TopicEvent> fast = testKit.createTestProbe();
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    system.open("/chatter");
    node.tell(new PyrosNode.Publish("/chatter", text("before"), done.ref())); // makes the topic
    assertInstanceOf(Reply.Ok.class, done.receiveMessage(QUICK));
    node.tell(new PyrosNode.Subscribe("/chatter", slow, done.ref()));
    assertInstanceOf(Reply.Ok.class, done.receiveMessage(QUICK));
    node.tell(new PyrosNode.Subscribe("/chatter", fast.ref(), done.ref()));
    assertInstanceOf(Reply.Ok.class, done.receiveMessage(QUICK));

    try {
      for (int i = 0; i < published; i++) {
        node.tell(new PyrosNode.Publish("/chatter", text(Integer.toString(i)), done.ref()));
        assertInstanceOf(Reply.Ok.class, done.receiveMessage(QUICK));
        mostWaiting.accumulateAndGet(waiting(slow), Math::max);
      }
      // The fast subscriber has the last message: the topic has handed on (or dropped) every one it had.
      String last = Integer.toString(published - 1);
      AtomicInteger handedOn = new AtomicInteger();
      fast.fishForMessage(Duration.ofSeconds(10), e -> {
        if (e instanceof TopicEvent.Received r && !r.message().getString("data").equals("before")) {
          handedOn.incrementAndGet(); // the system's own queue may drop some before the topic has them
        }
        return e instanceof TopicEvent.Received r && r.message().getString("data").equals(last)
            ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
            : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore();
      });
      long drops = load.subscriberDrops();
      assertEquals((double) drops, meters.get("pyros.node.subscriber.dropped").functionCounter().count());
      assertTrue(mostWaiting.get() <= queueSize, "the slow subscriber's mailbox reached " + mostWaiting.get());
      // One message in hand, a queue's worth waiting, the rest dropped (one more if the first was not taken yet).
      int offered = handedOn.get();
      assertTrue(drops == offered - queueSize - 1 || drops == offered - queueSize, "dropped " + drops + " of " + offered);
      release.countDown();
      fast.awaitAssert(Duration.ofSeconds(10), () -> {
        assertEquals(offered - drops, slowGot.get(), "the slow subscriber has what was not dropped");
        return null;
      });
    } finally {
      release.countDown();
    }
  }

  @Test
  void aSlowParamWatcherGetsTheNewestValueOnceItCatchesUp() throws Exception {
    startNode(1000, 100, 100);
    int queueSize = NodeSettings.fromConfig(testKit.system().settings().config()).queueSize();
    int changes = 3 * queueSize;
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger got = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<Object> newest = new java.util.concurrent.atomic.AtomicReference<>();
    ActorRef<ParamValue> slow = testKit.spawn(Behaviors.receiveMessage(value -> {
      if (got.getAndIncrement() == 0) {
        release.await(60, TimeUnit.SECONDS);
      }
      newest.set(value.value());
      return Behaviors.same();
    }));
    TestProbe<Reply<Done>> done = testKit.createTestProbe();
    try {
      node.tell(new PyrosNode.WatchParam("/p", slow, done.ref()));
      assertInstanceOf(Reply.Ok.class, done.receiveMessage(QUICK));
      int mostWaiting = 0;
      for (int i = 0; i < changes; i++) {
        node.tell(new PyrosNode.SetParam("/p", i, done.ref()));
        assertInstanceOf(Reply.Ok.class, done.receiveMessage(QUICK));
        mostWaiting = Math.max(mostWaiting, waiting(slow));
      }
      assertTrue(mostWaiting <= queueSize + 1, "the slow watcher's mailbox reached " + mostWaiting);
      release.countDown();
      done.awaitAssert(Duration.ofSeconds(10), () -> {
        assertEquals(changes - 1, ((Number) newest.get()).intValue());
        return null;
      });
      assertTrue(got.get() < changes, "every value was queued: " + got.get());
    } finally {
      release.countDown();
    }
  }

  @Test
  void aFullNodeMailboxRefusesRequestsAtTheDoorAndQueuesEverythingElse() {
    NodeMailbox.Queue queue = (NodeMailbox.Queue) new NodeMailbox(null,
        ConfigFactory.parseString("capacity = 2")).create(scala.Option.empty(), scala.Option.empty());
    var classicSystem = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system());
    TestProbe<Reply<Done>> replies = testKit.createTestProbe();
    queue.enqueue(null, org.apache.pekko.dispatch.Envelope.apply(new NodeBehavior.CountInto(load), null, classicSystem));
    queue.enqueue(null, org.apache.pekko.dispatch.Envelope.apply(new PyrosNode.Publish("/a", text("1"), replies.ref()), null, classicSystem));
    queue.enqueue(null, org.apache.pekko.dispatch.Envelope.apply(new PyrosNode.Publish("/a", text("2"), replies.ref()), null, classicSystem));
    assertEquals(ErrorCode.OVERLOADED, failed(replies, QUICK).code());
    queue.enqueue(null, org.apache.pekko.dispatch.Envelope.apply(new NodeBehavior.GraphChanged(null), null, classicSystem));
    assertEquals(3, queue.numberOfMessages());
    assertEquals(1, load.refused());
    queue.dequeue();
    queue.dequeue();
    queue.enqueue(null, org.apache.pekko.dispatch.Envelope.apply(new PyrosNode.Publish("/a", text("3"), replies.ref()), null, classicSystem));
    assertEquals(2, queue.numberOfMessages());
    replies.expectNoMessage(Duration.ofMillis(50));
  }

  /** Messages waiting in a local actor's mailbox. */
  static int waiting(ActorRef<?> ref) {
    var classic = (org.apache.pekko.actor.ActorRefWithCell) org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(ref);
    return classic.underlying().numberOfMessages();
  }
}
