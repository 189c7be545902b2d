package org.pyros.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.reliability.RetryUntil;
import org.pyros.core.system.ForwardingGraphSystem;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.memory.InMemorySystem;

/** The meters a node on an in-memory graph shows after real traffic through its client. */
class PyrosMetricsTest {
  /** The client's queue per subscription (pyros.topic.queue-size here). */
  static final int SUBSCRIBER_QUEUE = 5;
  static final Duration WAIT = Duration.ofSeconds(10);
  static final InMemorySystem graph = new InMemorySystem();
  static final CountDownLatch gate = new CountDownLatch(1);
  static final CountDownLatch held = new CountDownLatch(1);
  static final CompletableFuture<Void> gatedSubscribed = new CompletableFuture<>();
  static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  static PyrosRuntime pyros;
  static PyrosClient client;

  /** The graph, with the node's own subscription to {@code /gated} held up and one message long, to make it drop. */
  static final class Gated extends ForwardingGraphSystem {
    Gated() {
      super(graph);
    }

    @Override
    public CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage, Runnable onDrop) {
      if (!topic.name().equals("/gated")) {
        return super.subscribe(topic, queueSize, onMessage, onDrop);
      }
      CompletionStage<Registration> r = super.subscribe(topic, 1, m -> {
        held.countDown();
        await(gate);
        onMessage.accept(m);
      }, onDrop);
      gatedSubscribed.complete(null);
      return r;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Exposure exposure = new Exposure(NameFilter.allowing("/**"), NameFilter.allowing("/**"), NameFilter.allowing("/**"));
    pyros = PyrosRuntime.builder()
        .newActorSystem("metrics", ConfigFactory.parseString("pyros.topic.queue-size = " + SUBSCRIBER_QUEUE)
            .withFallback(ConfigFactory.load()))
        .graph(new Gated())
        .exposure(exposure)
        // A long queue for the node's own subscriptions: only the subscriber's queue drops in the test of it.
        .nodeSettings(s -> new NodeSettings(s.exposure(), s.serviceTimeout(), 1000, s.latched(), s.minBackoff(),
            s.maxBackoff(), s.stashCapacity(), s.maxInFlight(), s.maxInFlightPerTopic(), s.maxInFlightPerService()))
        .start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    pyros.metrics().bindTo(registry);
    client = pyros.client();
  }

  @AfterAll
  static void stop() {
    gate.countDown();
    pyros.close();
    graph.close();
  }

  @Test
  void countsMessagesInAndOutAndWhatASlowSubscriberDrops() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handed = new AtomicInteger();
    client.subscribe("/chatter", "std_msgs/String", m -> {
      handed.incrementAndGet();
      await(release); // the first message holds the callback: the others queue, then drop
    }).toCompletableFuture().get(10, TimeUnit.SECONDS);
    int n = 20;
    for (int i = 0; i < n; i++) {
      client.publish("/chatter", text("m" + i)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    assertEquals(n, counter("pyros.topic.messages", "topic", "/chatter", "direction", "out"));
    // The in-memory graph gives the node its own messages back, as a subscriber of the topic.
    RetryUntil.condition("every message in", WAIT, () -> counter("pyros.topic.messages", "topic", "/chatter", "direction", "in") == n);
    // One message is in the callback, the queue holds its size, the rest were dropped.
    int dropped = n - 1 - SUBSCRIBER_QUEUE;
    RetryUntil.condition("the subscriber's drops", WAIT,
        () -> counter("pyros.topic.dropped", "topic", "/chatter", "queue", "subscriber") == dropped);
    release.countDown();
    RetryUntil.condition("the queued messages handed over", WAIT, () -> handed.get() == 1 + SUBSCRIBER_QUEUE);
    assertEquals(0, counter("pyros.topic.dropped", "topic", "/chatter", "queue", "node"));
    assertEquals(0, counter("pyros.topic.gaps", "topic", "/chatter"));
  }

  @Test
  void countsWhatTheNodesOwnQueueDrops() throws Exception {
    client.subscribe("/gated", "std_msgs/String", m -> {}).toCompletableFuture().get(10, TimeUnit.SECONDS);
    TopicPublisher other = graph.advertise(new TopicInfo("/gated", "std_msgs/String"), new PublishOptions(false, 10))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    gatedSubscribed.get(10, TimeUnit.SECONDS);
    other.publish(text("first"));
    held.await(10, TimeUnit.SECONDS); // the subscription's delivery is held with the first message in hand
    int n = 10;
    for (int i = 0; i < n; i++) {
      other.publish(text("g" + i));
    }
    // One message is queued; the others were dropped as they came (offers run on this thread).
    assertEquals(n - 1, counter("pyros.topic.dropped", "topic", "/gated", "queue", "node"));
    gate.countDown();
    RetryUntil.condition("the two kept messages in", WAIT,
        () -> counter("pyros.topic.messages", "topic", "/gated", "direction", "in") == 2);
    other.cancel();
  }

  @Test
  void timesServiceCallsByOutcome() throws Exception {
    graph.serve(new ServiceInfo("/srv/ok", "std_srvs/SetBool"), req -> CompletableFuture.completedFuture(
        Message.builder(StandardTypes.SET_BOOL.response()).set("success", true).set("message", "ok").build()))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    graph.serve(new ServiceInfo("/srv/fail", "std_srvs/SetBool"),
        req -> CompletableFuture.failedFuture(new PyrosException(ErrorCode.SERVICE_FAILED, "refused")))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    Message request = Message.builder(StandardTypes.SET_BOOL.request()).set("data", true).build();
    for (int i = 0; i < 3; i++) {
      RetryUntil.ok(WAIT, () -> client.call("/srv/ok", request));
    }
    for (int i = 0; i < 2; i++) {
      assertThrows(Exception.class, () -> client.call("/srv/fail", request).toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
    RetryUntil.condition("three OK calls timed", WAIT, () -> timerCount("/srv/ok", "OK") == 3);
    RetryUntil.condition("two failures timed", WAIT, () -> timerCount("/srv/fail", "SERVICE_FAILED") == 2);
    assertTrue(registry.get("pyros.service.calls").tags("service", "/srv/ok", "code", "OK").timer().totalTime(TimeUnit.NANOSECONDS) > 0);
    assertNull(registry.find("pyros.service.calls").tags("service", "/srv/ok", "code", "SERVICE_FAILED").timer());
  }

  @Test
  void countsAChildRestartedAfterAFailure() throws Exception {
    client.publish("/crash", text("first")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    graph.failNextPublish("/crash", new PyrosException(ErrorCode.SYSTEM_FAILURE, "the transport broke"));
    assertThrows(Exception.class, () -> client.publish("/crash", text("fails")).toCompletableFuture().get(10, TimeUnit.SECONDS));
    RetryUntil.condition("a topic child's restart", WAIT, () -> counter("pyros.node.restarts", "kind", "topic") == 1);
    // The restarted child counts on in the same meters.
    RetryUntil.ok(WAIT, () -> client.publish("/crash", text("again")));
    assertEquals(2, counter("pyros.topic.messages", "topic", "/crash", "direction", "out"));
  }

  @Test
  void removesATopicsMetersWhenItsChildStops() throws Exception {
    client.publish("/gone", text("x")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(1, counter("pyros.topic.messages", "topic", "/gone", "direction", "out"));
    Exposure all = new Exposure(NameFilter.allowing("/**"), NameFilter.allowing("/**"), NameFilter.allowing("/**"));
    Exposure withoutGone = new Exposure(NameFilter.of(java.util.List.of("/**"), java.util.List.of("/gone")),
        all.services(), all.params());
    client.reconfigure(withoutGone).toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      RetryUntil.condition("the meters of /gone removed", WAIT,
          () -> registry.find("pyros.topic.messages").tags("topic", "/gone").functionCounter() == null);
    } finally {
      client.reconfigure(all).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  static Message text(String s) {
    return Message.builder(StandardTypes.STRING).set("data", s).build();
  }

  static double counter(String name, String... tags) {
    FunctionCounter c = registry.find(name).tags(tags).functionCounter();
    return c == null ? -1 : c.count();
  }

  static long timerCount(String service, String code) {
    Timer t = registry.find("pyros.service.calls").tags("service", service, "code", code).timer();
    return t == null ? -1 : t.count();
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
