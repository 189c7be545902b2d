package org.pyros.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * A topic child whose transport fails on every publish: the supervisor restarts it with
 * exponential backoff (a handful of restarts in a window, not a storm), every caller gets an
 * answer (an error, never silence), and the topic works again once the fault is gone.
 */
class ChildCrashLoopTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "pyros.child-restart.min-backoff = 100ms\npyros.child-restart.max-backoff = 800ms").withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Message text(String s) {
    return Message.builder(StandardTypes.STRING).set("data", s).build();
  }

  @Test
  void restartsBackOffAndEveryCallerGetsAnAnswer() {
    InMemorySystem system = new InMemorySystem();
    ActorRef<PyrosNode.Command> node = testKit.spawn(PyrosNode.create(system,
        NodeSettings.fromConfig(testKit.system().settings().config()).withExposure(
            new Exposure(NameFilter.allowing("/crash"), NameFilter.allowing("/none"), NameFilter.allowing("/none")))));
    PyrosClient client = ActorPyrosClient.create(testKit.system(), node, Duration.ofSeconds(5));
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        client.publish("/crash", text("warm-up")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<Message> received = new CopyOnWriteArrayList<>();
        client.subscribe("/crash", received::add).toCompletableFuture().get(5, TimeUnit.SECONDS);

        // For 3 s, every publish meets a failing transport. Callers keep publishing, 8 at a time.
        long windowNanos = TimeUnit.SECONDS.toNanos(3);
        long start = System.nanoTime();
        int failures = 0;
        int oks = 0;
        int unavailable = 0; // stash full during a backoff: answered with UNAVAILABLE
        int asked = 0;
        while (System.nanoTime() - start < windowNanos) {
          system.failNextPublish("/crash", new IllegalStateException("transport broke"));
          List<CompletionStage<Done>> batch = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            batch.add(client.publish("/crash", text("m" + asked++)));
          }
          for (CompletionStage<Done> answer : batch) {
            try {
              answer.toCompletableFuture().get(5, TimeUnit.SECONDS); // a timeout here is silence: a failure
              oks++;
            } catch (java.util.concurrent.ExecutionException e) {
              PyrosException p = (PyrosException) e.getCause();
              assertTrue(p.code() == ErrorCode.SYSTEM_FAILURE || p.code() == ErrorCode.UNAVAILABLE, p.toString());
              if (p.code() == ErrorCode.SYSTEM_FAILURE) {
                assertTrue(p.getMessage().contains("transport broke"), p.getMessage());
                failures++;
              } else {
                unavailable++;
              }
            }
          }
        }
        assertEquals(asked, oks + failures + unavailable, "every publish was answered");
        // Backoff 100 ms doubling to 800 ms: about 6 restarts fit in 3 s. Without backoff there
        // would be one per batch (thousands).
        System.out.printf("crash loop: %d publishes in 3 s, %d failed (= restarts), %d ok, %d unavailable%n", asked, failures, oks, unavailable);
        assertTrue(failures >= 3, "the fault should have hit several incarnations, hit " + failures);
        assertTrue(failures <= 12, "restart storm: " + failures + " restarts in 3 s");

        // Fault gone: the restarted child publishes and the subscription is back.
        RetryUntil.ok(Duration.ofSeconds(10), () -> client.publish("/crash", text("after")));
        RetryUntil.condition("subscriber gets the message after recovery", Duration.ofSeconds(10),
            () -> received.stream().anyMatch(m -> m.getString("data").equals("after")));
      });
    } finally {
      testKit.stop(node);
      system.close();
    }
  }
}
