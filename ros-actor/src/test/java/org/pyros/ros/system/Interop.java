package org.pyros.ros.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.master.SystemState;
import org.pyros.ros.peer.RosPeer;

/** Small waits shared by the interop tests: poll a condition with a deadline, never sleep blindly. */
final class Interop {
  private Interop() {}

  /** Retries {@code attempt} every 100 ms until it returns without throwing; rethrows after {@code timeout}. */
  static <T> T retry(Duration timeout, Supplier<T> attempt) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return attempt.get();
      } catch (RuntimeException | AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        pause();
      }
    }
  }

  static <T> T retry(Supplier<T> attempt) {
    return retry(Duration.ofSeconds(20), attempt);
  }

  /** The master's graph, asked directly (not through the code under test's poller). */
  static SystemState systemState(URI master) {
    return new MasterClient(master, "/interop_test").getSystemState().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** Waits until the master lists {@code node} as publisher of {@code topic}. */
  static void awaitPublisher(URI master, String topic, String node) {
    RosPeer.await(node + " publishing " + topic, Duration.ofSeconds(20),
        () -> systemState(master).publishers().getOrDefault(topic, List.of()).contains(node));
  }

  /** Waits until the master lists {@code node} as subscriber of {@code topic}. */
  static void awaitSubscriber(URI master, String topic, String node) {
    RosPeer.await(node + " subscribing to " + topic, Duration.ofSeconds(20),
        () -> systemState(master).subscribers().getOrDefault(topic, List.of()).contains(node));
  }

  /** Waits until the master lists {@code node} as provider of {@code service}. */
  static void awaitService(URI master, String service, String node) {
    RosPeer.await(node + " serving " + service, Duration.ofSeconds(20),
        () -> systemState(master).services().getOrDefault(service, List.of()).contains(node));
  }

  private static void pause() {
    try {
      Thread.sleep(100); // poll interval of retry(), not a synchronization
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
