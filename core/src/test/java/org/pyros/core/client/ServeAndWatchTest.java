package org.pyros.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.memory.InMemorySystem;

/** Serving a service from plain Java, following params, typed param reads. */
class ServeAndWatchTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
  static final Duration WAIT = Duration.ofSeconds(10);
  static InMemorySystem system;
  static PyrosClient client;

  @BeforeAll
  static void start() {
    system = new InMemorySystem();
    client = clientOf(system);
  }

  static PyrosClient clientOf(GraphSystem graph) {
    Exposure exposure = new Exposure(NameFilter.NONE, NameFilter.allowing("/srv/**"), NameFilter.allowing("/p/**"));
    var node = testKit.spawn(PyrosNode.create(graph, NodeSettings.fromConfig(testKit.system().settings().config()).withExposure(exposure)));
    return ActorPyrosClient.create(testKit.system(), node, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    system.close();
  }

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  static PyrosException failure(CompletionStage<?> stage) {
    CompletionException e = assertThrows(CompletionException.class, () -> await(stage));
    return assertInstanceOf(PyrosException.class, e.getCause(), String.valueOf(e.getCause()));
  }

  static Optional<Object> next(BlockingQueue<Optional<Object>> seen) throws InterruptedException {
    Optional<Object> v = seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (v == null) {
      throw new AssertionError("no value within " + WAIT);
    }
    return v;
  }

  static Message setBool(boolean data) {
    return Message.builder(StandardTypes.SET_BOOL.request()).set("data", data).build();
  }

  @Test
  void aServiceProvidedFromJavaAnswersCallersUntilWithdrawn() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    PyrosClient.ProvidedService provided = await(client.provideService("/srv/java_flag", "std_srvs/SetBool", request -> {
      calls.incrementAndGet();
      if (!request.getBool("data")) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("false is refused"));
      }
      return CompletableFuture.completedFuture(Message.builder(StandardTypes.SET_BOOL.response())
          .set("success", true).set("message", "served from java").build());
    }));
    // Another node of the graph calls it, as rospy would.
    Message response = await(system.call(new ServiceInfo("/srv/java_flag", "std_srvs/SetBool"), setBool(true), WAIT));
    assertEquals("served from java", response.getString("message"));
    assertEquals("served from java", await(client.call("/srv/java_flag", setBool(true))).getString("message"));

    PyrosException refused = failure(client.call("/srv/java_flag", setBool(false)));
    assertEquals(ErrorCode.SERVICE_FAILED, refused.code());
    assertTrue(refused.getMessage().contains("false is refused"), refused.getMessage());

    await(provided.withdraw());
    int before = calls.get();
    CountDownLatch gone = new CountDownLatch(1);
    var graphWatch = system.watchGraph(g -> {
      if (!g.services().containsKey("/srv/java_flag")) {
        gone.countDown();
      }
    });
    try {
      assertTrue(gone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the withdrawn service is still in the graph");
    } finally {
      graphWatch.cancel();
    }
    assertEquals(ErrorCode.NOT_FOUND,
        failure(system.call(new ServiceInfo("/srv/java_flag", "std_srvs/SetBool"), setBool(true), WAIT)).code());
    assertEquals(before, calls.get(), "no request reached the handler after the withdrawal");
  }

  @Test
  void aHandlerThatThrowsFailsTheCallNotTheService() {
    try (PyrosClient.ProvidedService provided = await(client.provideService("/srv/throws", "std_srvs/SetBool", request -> {
      throw new IllegalStateException("handler blew up");
    }))) {
      PyrosException e = failure(client.call("/srv/throws", setBool(true)));
      assertEquals(ErrorCode.SERVICE_FAILED, e.code());
      assertTrue(e.getMessage().contains("handler blew up"), e.getMessage());
    }
  }

  @Test
  void aServiceOutsideTheExposureIsRefused() {
    assertEquals(ErrorCode.NOT_EXPOSED, failure(client.provideService("/hidden", "std_srvs/SetBool",
        r -> CompletableFuture.completedFuture(r))).code());
  }

  @Test
  void aWatchedParamIsSeenAsItIsThenAfterEachChangeByAnotherNode() throws Exception {
    BlockingQueue<Optional<Object>> seen = new LinkedBlockingQueue<>();
    PyrosClient.ParamWatch watch = await(client.watchParam("/p/rate", seen::add));
    assertEquals(Optional.empty(), next(seen));
    await(system.setParam("/p/rate", 12.5));
    assertEquals(Optional.of(12.5), next(seen));
    await(system.setParam("/p", Map.of("rate", 20.0, "other", 1)));
    assertEquals(Optional.of(20.0), next(seen));
    await(system.setParam("/p/other", 2)); // a sibling: not this param's change
    await(system.deleteParam("/p/rate"));
    assertEquals(Optional.empty(), next(seen));
    await(watch.cancel());
    await(system.setParam("/p/rate", 1.0));
    assertEquals(1.0, await(client.param("/p/rate", Double.class)).orElseThrow());
    assertTrue(seen.isEmpty(), "a cancelled watch saw " + seen);
  }

  @Test
  void aWatchedNamespaceGivesTheWholeMap() throws Exception {
    BlockingQueue<Optional<Object>> seen = new LinkedBlockingQueue<>();
    await(client.watchParam("/p/arm", seen::add));
    assertEquals(Optional.empty(), next(seen));
    await(system.setParam("/p/arm/speed", 3));
    assertEquals(Optional.of(Map.of("speed", 3)), next(seen));
  }

  @Test
  void watchingAParamOutsideTheExposureIsRefused() {
    assertEquals(ErrorCode.NOT_EXPOSED, failure(client.watchParam("/secret", v -> {})).code());
  }

  @Test
  void typedReadsConvertWithoutLossAndNameAMismatch() {
    await(client.setParam("/p/typed/count", 3));
    await(client.setParam("/p/typed/name", "arm"));
    assertEquals(Optional.of(3.0), await(client.param("/p/typed/count", Double.class)));
    assertEquals(Optional.of(3L), await(client.param("/p/typed/count", Long.class)));
    assertEquals(Optional.of(3), await(client.param("/p/typed/count", int.class)));
    assertEquals(Optional.of("arm"), await(client.param("/p/typed/name", String.class)));
    assertEquals(Optional.of(Map.of("count", 3, "name", "arm")), await(client.param("/p/typed", Map.class)));
    assertEquals(Optional.empty(), await(client.param("/p/typed/none", Double.class)));
    PyrosException e = failure(client.param("/p/typed/name", Double.class));
    assertEquals(ErrorCode.BAD_MESSAGE, e.code());
    assertTrue(e.getMessage().contains("/p/typed/name is a String (arm), not Double"), e.getMessage());
  }

  /** A system that does not override watchParam is polled by the SPI's default. */
  @Test
  void aSystemWithoutNotificationsIsPolled() throws Exception {
    InMemorySystem memory = new InMemorySystem();
    GraphSystem polled = (GraphSystem) Proxy.newProxyInstance(GraphSystem.class.getClassLoader(), new Class<?>[] {GraphSystem.class},
        (proxy, method, args) -> {
          if (method.getName().equals("watchParam")) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try {
      PyrosClient polledClient = clientOf(polled);
      BlockingQueue<Optional<Object>> seen = new LinkedBlockingQueue<>();
      await(memory.setParam("/p/polled", "a"));
      await(polledClient.watchParam("/p/polled", seen::add));
      assertEquals(Optional.of("a"), next(seen));
      await(memory.setParam("/p/polled", "b"));
      assertEquals(Optional.of("b"), next(seen));
    } finally {
      memory.close();
    }
  }
}
