package org.pyros.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * A node host whose graph system starts asynchronously ({@link GraphSystemStart}), in a
 * one-member cluster: requests fail at once with UNAVAILABLE while the system starts, a start
 * that fails or hangs is tried again, and a start given up that completes late is closed.
 */
class AsyncHostStartTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private ActorSystem<Void> system;

  @AfterEach
  void stop() throws Exception {
    if (system != null) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesWhileStartingRetriesAFailedOrHungStartAndClosesALateOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Config base = ConfigFactory.parseString("pekko.remote.artery.canonical.port = " + port + "\n"
            + "pyros.ask-timeout = 2s\n"
            + "pyros.cluster.system-start-timeout = 2s\n"
            + "pyros.cluster.host-restart { min-backoff = 100ms, max-backoff = 200ms }\n")
        .withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "pyros", ClusterConfig.load(Map.of(), base, List.of("pyros-node")));
    List<CompletableFuture<GraphSystem>> starts = new CopyOnWriteArrayList<>();
    PyrosCluster cluster = PyrosCluster.host(system, () -> {
      CompletableFuture<GraphSystem> start = new CompletableFuture<>();
      starts.add(start);
      return start;
    });

    // The first start never completes: requests are refused meanwhile, and it is given up.
    await(() -> !starts.isEmpty(), "a first start");
    await(() -> refusedAsStarting(cluster), "a request refused while the system starts");
    await(() -> starts.size() >= 2, "a start after the hung one");
    // The second fails: tried again.
    starts.get(1).completeExceptionally(new IllegalStateException("the port is taken"));
    await(() -> starts.size() >= 3, "a start after the failed one");
    TrackedSystem third = new TrackedSystem();
    starts.get(2).complete(third.proxy);

    await(() -> served(cluster), "a request served once the system started");
    assertTrue(cluster.hostsNode());
    assertEquals(3, starts.size(), "no start after the one that succeeded");

    // The hung first start completes after all: its system is closed, the serving one is not.
    TrackedSystem late = new TrackedSystem();
    starts.get(0).complete(late.proxy);
    await(late.closed::get, "the late system closed");
    assertFalse(third.closed.get());
    assertTrue(served(cluster));
  }

  private static boolean refusedAsStarting(PyrosCluster cluster) {
    try {
      cluster.client().topics().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return false;
    } catch (Exception e) {
      PyrosException p = PyrosException.of(e, ErrorCode.SYSTEM_FAILURE);
      return p.code() == ErrorCode.UNAVAILABLE && p.getMessage().contains("starting");
    }
  }

  private static boolean served(PyrosCluster cluster) {
    try {
      cluster.client().topics().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "no " + what + " within " + WAIT.toSeconds() + " s");
      Thread.sleep(50); // poll interval
    }
  }

  /** An in-memory system that records whether it was closed. */
  private static final class TrackedSystem {
    final AtomicBoolean closed = new AtomicBoolean();
    final GraphSystem proxy;

    TrackedSystem() {
      InMemorySystem delegate = new InMemorySystem();
      proxy = (GraphSystem) Proxy.newProxyInstance(GraphSystem.class.getClassLoader(), new Class<?>[] {GraphSystem.class},
          (p, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
              closed.set(true);
            }
            try {
              return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }
}
