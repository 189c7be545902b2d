package org.pyros.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.memory.InMemorySystem;

/** The client used from plain threads, as a servlet or a worker pool would. */
class PyrosClientTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
  static InMemorySystem system;
  static PyrosClient client;

  @BeforeAll
  static void start() {
    system = new InMemorySystem();
    Exposure exposure = new Exposure(NameFilter.allowing("/w/**"), NameFilter.allowing("/srv/**"), NameFilter.allowing("/p/**"));
    ActorRef<PyrosNode.Command> node = testKit.spawn(
        PyrosNode.create(system, NodeSettings.fromConfig(testKit.system().settings().config()).withExposure(exposure)));
    client = ActorPyrosClient.create(testKit.system(), node, Duration.ofSeconds(5));
    system.serve(new ServiceInfo("/srv/add_one", "std_srvs/SetBool"), req -> CompletableFuture.completedFuture(
        Message.builder(StandardTypes.SET_BOOL.response()).set("success", req.getBool("data")).set("message", "ok").build()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    system.close();
  }

  static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Test
  void eightThreadsPublishSubscribeCallAndUseParams() throws Exception {
    int threads = 8;
    int perThread = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      // Each thread has its own topic, subscription, service calls and param.
      List<Future<List<String>>> results = new ArrayList<>();
      CountDownLatch ready = new CountDownLatch(threads);
      for (int t = 0; t < threads; t++) {
        String topic = "/w/t" + t;
        String param = "/p/worker" + t;
        results.add(pool.submit(() -> {
          LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
          await(client.publish(topic, text("warm-up"))); // creates the topic
          PyrosClient.TopicSubscription sub = await(client.subscribe(topic, m -> got.add(m.getString("data"))));
          ready.countDown();
          ready.await();
          for (int i = 0; i < perThread; i++) {
            await(client.publish(topic, text(topic + ":" + i)));
          }
          for (int i = 0; i < 20; i++) {
            Message response = await(client.call("/srv/add_one",
                Message.builder(StandardTypes.SET_BOOL.request()).set("data", i % 2 == 0).build()));
            assertEquals(i % 2 == 0, response.getBool("success"));
          }
          await(client.setParam(param, Map.of("id", topic)));
          assertEquals(Optional.of(topic), await(client.param(param + "/id")));
          List<String> seen = new ArrayList<>();
          while (seen.size() < perThread) {
            String s = got.poll(10, TimeUnit.SECONDS);
            if (s == null) {
              break;
            }
            if (!s.equals("warm-up")) {
              seen.add(s);
            }
          }
          await(sub.cancel());
          return seen;
        }));
      }
      for (int t = 0; t < threads; t++) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          expected.add("/w/t" + t + ":" + i);
        }
        assertEquals(expected, results.get(t).get(60, TimeUnit.SECONDS), "thread " + t + " saw its messages in order");
      }
      List<String> names = await(client.params());
      for (int t = 0; t < threads; t++) {
        assertTrue(names.contains("/p/worker" + t + "/id"), names.toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void jsonPublishAndLatestThroughTheClient() {
    system.advertise(new TopicInfo("/w/json", "geometry_msgs/Twist"), PublishOptions.DEFAULT);
    // The node sees the topic through its graph watch; retry until the type is known.
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      await(client.publishJson("/w/json", "{\"linear\":{\"x\":0.5},\"angular\":{\"z\":-1}}"));
      return null;
    });
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      Message latest = await(client.latest("/w/json")).orElseThrow();
      assertEquals(0.5, latest.getMessage("linear").getDouble("x"));
      assertEquals(-1.0, latest.getMessage("angular").getDouble("z"));
      return null;
    });
    CompletionException bad = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> await(client.publishJson("/w/json", "{\"linear\":{\"x\":\"fast\"}}")));
    PyrosException e = assertInstanceOf(PyrosException.class, bad.getCause());
    assertEquals(ErrorCode.BAD_MESSAGE, e.code());
    assertTrue(e.getMessage().contains("linear.x"), e.getMessage());
  }

  @Test
  void aTypeLookedUpByNameBuildsTheFirstMessageOfANewTopic() {
    MessageType twist = await(client.messageType("geometry_msgs/Twist"));
    assertEquals(StandardTypes.TWIST, twist);
    await(client.publish("/w/typed", Message.of(twist, Map.of("linear", Map.of("x", 0.5)))));
    assertEquals(0.5, await(client.latest("/w/typed")).orElseThrow().getDouble("linear.x"));

    MessageType custom = MessageType.of("test_msgs/Custom", new Field("n", FieldType.of(Primitive.INT32)));
    system.register(custom);
    assertEquals(custom, await(client.messageType("test_msgs/Custom")), "the system's types, not a fixed list");

    for (String unknown : List.of("test_msgs/Nope", "")) {
      CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
          () -> await(client.messageType(unknown)));
      PyrosException p = assertInstanceOf(PyrosException.class, e.getCause());
      assertEquals(ErrorCode.UNKNOWN_TYPE, p.code(), unknown);
      assertTrue(unknown.isEmpty() || p.getMessage().contains("test_msgs/Nope"), p.getMessage());
    }
  }

  @Test
  void streamsDeliverAndNotExposedIsAnError() {
    await(client.publish("/w/stream", text("create")));
    ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
    var done = client.source("/w/stream", 16).take(3).runWith(Sink.foreach(m -> seen.put(m.getString("data"), true)), testKit.system());
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      await(client.publish("/w/stream", text("s" + System.nanoTime())));
      assertTrue(done.toCompletableFuture().isDone());
      return null;
    });
    assertEquals(3, seen.size());
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> await(client.publish("/elsewhere", text("x"))));
    assertEquals(ErrorCode.NOT_EXPOSED, ((PyrosException) e.getCause()).code());
  }

  @Test
  void aSlowCallbackKeepsOnlyTheNewestMessages() throws Exception {
    await(client.publish("/w/slow", text("create")));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    PyrosClient.TopicSubscription sub = await(client.subscribe("/w/slow", m -> {
      blocked.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // "create" may come too: it was published before the subscription, delivered after it.
      if (m.getString("data").startsWith("m")) {
        got.add(m.getString("data"));
      }
    }));
    await(client.publish("/w/slow", text("m0")));
    assertTrue(blocked.await(10, TimeUnit.SECONDS), "the callback got the first message");
    for (int i = 1; i < 1000; i++) {
      await(client.publish("/w/slow", text("m" + i)));
    }
    // The node has handed the last message on once Latest shows it.
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals("m999", await(client.latest("/w/slow")).orElseThrow().getString("data"));
      return null;
    });
    release.countDown();
    List<String> seen = new ArrayList<>();
    String s;
    while (!(s = got.poll(10, TimeUnit.SECONDS)).equals("m999")) {
      seen.add(s);
    }
    seen.add(s);
    await(sub.cancel());
    // Latest shows m999 once the node has it; some messages may still be on their way to the
    // client's queue when the callback is released, so the bound is loose: what matters is that the
    // slow callback was not handed everything (its queue dropped the oldest) and ends with the newest.
    int limit = testKit.system().settings().config().getInt("pyros.topic.queue-size");
    assertTrue(limit < 500, "the test needs a queue well below the 1000 messages it publishes");
    assertTrue(seen.size() < 500, "the slow callback was handed " + seen.size() + " of 1000 messages");
    List<Integer> numbers = seen.stream().map(x -> Integer.parseInt(x.substring(1))).toList();
    assertEquals(numbers.stream().sorted().toList(), numbers, "kept in order");
    assertEquals(999, numbers.get(numbers.size() - 1), "the newest are kept, the oldest dropped");
  }

  static Message text(String s) {
    return Message.builder(StandardTypes.STRING).set("data", s).build();
  }
}
