package org.pyros.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.TopicEvent;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;

/** Starting and closing through the one builder; readiness; names used before the graph has them. */
class PyrosRuntimeTest {
  static final Exposure EXPOSE = new Exposure(NameFilter.allowing("/t/**"), NameFilter.allowing("/s/**"), NameFilter.allowing("/p/**"));

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  static PyrosException failure(CompletionStage<?> stage) {
    CompletionException e = assertThrows(CompletionException.class, () -> await(stage));
    return assertInstanceOf(PyrosException.class, e.getCause(), e.toString());
  }

  static PyrosRuntime.Builder builder(String name) {
    return PyrosRuntime.builder().newActorSystem(name, ConfigFactory.load()).exposure(EXPOSE);
  }

  static void serveTrigger(GatedSystem system, String name) {
    system.graph.serve(new ServiceInfo(name, StandardTypes.TRIGGER.name()), req -> CompletableFuture.completedFuture(
        Message.builder(StandardTypes.TRIGGER.response()).set("success", true).set("message", "done").build()));
  }

  @Test
  void startCompletesOnceTheFirstViewIsInAndTheFirstCallSucceedsAtOnce() {
    GatedSystem system = new GatedSystem();
    serveTrigger(system, "/s/step");
    system.graph.advertise(new TopicInfo("/t/pose", StandardTypes.STRING.name()), PublishOptions.DEFAULT);
    CompletableFuture<PyrosRuntime> started = builder("ready-test").graph(a -> CompletableFuture.completedFuture(system))
        .readyTimeout(Duration.ofSeconds(30)).start().toCompletableFuture();
    assertFalse(started.isDone(), "start must wait for the graph's first view");
    system.open();
    try (PyrosRuntime pyros = await(started)) {
      // No wait, no retry: the node knows the service with its type and the topic.
      Message response = await(pyros.client().callJson("/s/step", "{}"));
      assertEquals("done", response.getString("message"));
      assertEquals(StandardTypes.STRING.name(), await(pyros.client().topicType("/t/pose")).name());
      assertTrue(await(pyros.client().subscribe("/t/pose", m -> {})) != null);
    }
    assertEquals(1, system.closes.get(), "a system given as a function is the runtime's to close");
  }

  @Test
  void whileTheGraphIsNotViewedAMissingNameIsUnavailableThenNotFound() {
    GatedSystem system = new GatedSystem();
    serveTrigger(system, "/s/step");
    try (PyrosRuntime pyros = await(builder("unviewed-test").graph(system).readyTimeout(Duration.ofMillis(200)).start())) {
      PyrosException early = failure(pyros.client().callJson("/s/step", "{}"));
      assertEquals(ErrorCode.UNAVAILABLE, early.code(), early.getMessage());
      assertTrue(early.code().isRetryable());
      system.open();
      await(pyros.client().awaitService("/s/step", Duration.ofSeconds(10)));
      assertEquals("done", await(pyros.client().callJson("/s/step", "{}")).getString("message"));
      assertEquals(ErrorCode.NOT_FOUND, failure(pyros.client().callJson("/s/absent", "{}")).code());
    }
    assertEquals(0, system.closes.get(), "a system given as a value stays the caller's");
    system.close();
  }

  @Test
  void aSubscriptionBeforeAnyPublisherDeliversOnceOneAppears() throws Exception {
    GatedSystem system = new GatedSystem();
    system.open();
    try (PyrosRuntime pyros = await(builder("subscribe-first-test").graph(system).start())) {
      LinkedBlockingQueue<String> learnt = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<String> typed = new LinkedBlockingQueue<>();
      await(pyros.client().subscribe("/t/later", m -> learnt.add(m.getString("data"))));
      await(pyros.client().subscribe("/t/typed", StandardTypes.STRING.name(), m -> typed.add(m.getString("data"))));
      // With its type given, the node subscribes in the graph with no publisher, as a ROS subscriber registers.
      assertEquals(StandardTypes.STRING.name(), await(pyros.client().awaitTopic("/t/typed", Duration.ofSeconds(10))).type());
      assertFalse(await(system.graph.snapshot()).topics().containsKey("/t/later"), "no type, nothing to subscribe with yet");

      TopicPublisher later = await(system.graph.advertise(new TopicInfo("/t/later", StandardTypes.STRING.name()), PublishOptions.DEFAULT));
      TopicPublisher typedPub = await(system.graph.advertise(new TopicInfo("/t/typed", StandardTypes.STRING.name()), PublishOptions.DEFAULT));
      await(pyros.client().awaitTopic("/t/later", Duration.ofSeconds(10)));
      String got = null;
      for (int i = 0; i < 100 && got == null; i++) { // the node's child subscribes a moment after the topic appears
        later.publish(Message.builder(StandardTypes.STRING).set("data", "hello").build());
        got = learnt.poll(50, TimeUnit.MILLISECONDS);
      }
      assertEquals("hello", got);
      typedPub.publish(Message.builder(StandardTypes.STRING).set("data", "typed").build());
      assertEquals("typed", typed.poll(10, TimeUnit.SECONDS));

      PyrosException wrongType = failure(pyros.client().subscribe("/t/later", StandardTypes.BOOL.name(), m -> {}));
      assertEquals(ErrorCode.BAD_MESSAGE, wrongType.code(), wrongType.getMessage());
      PyrosException unknownType = failure(pyros.client().subscribe("/t/other", "no_msgs/Nope", m -> {}));
      assertEquals(ErrorCode.UNKNOWN_TYPE, unknownType.code(), unknownType.getMessage());
    }
  }

  @Test
  void aWaitingSubscriptionEndsWhenItsTopicIsNoLongerExposed() throws Exception {
    GatedSystem system = new GatedSystem();
    system.open();
    try (PyrosRuntime pyros = await(builder("pending-ended-test").graph(system).start())) {
      LinkedBlockingQueue<TopicEvent> events = new LinkedBlockingQueue<>();
      await(pyros.client().subscribeEvents("/t/never", events::add));
      await(pyros.client().reconfigure(new Exposure(NameFilter.allowing("/other/**"), EXPOSE.services(), EXPOSE.params())));
      TopicEvent event = events.poll(10, TimeUnit.SECONDS);
      assertInstanceOf(TopicEvent.Ended.class, event, String.valueOf(event));
    }
  }

  @Test
  void publishJsonWithATypeAdvertisesANewTopic() {
    GatedSystem system = new GatedSystem();
    system.open();
    try (PyrosRuntime pyros = await(builder("publish-json-test").graph(system).start())) {
      await(pyros.client().publishJson("/t/new", StandardTypes.STRING.name(), "{\"data\": \"hi\"}"));
      assertEquals("hi", await(pyros.client().latest("/t/new")).orElseThrow().getString("data"));
      assertEquals(StandardTypes.STRING.name(), await(system.graph.snapshot()).topics().get("/t/new").type());
      PyrosException unknown = failure(pyros.client().publishJson("/t/new2", "no_msgs/Nope", "{}"));
      assertEquals(ErrorCode.UNKNOWN_TYPE, unknown.code());
    }
  }

  @Test
  void awaitingANameThatNeverComesFailsWithTimeout() {
    GatedSystem system = new GatedSystem();
    system.open();
    try (PyrosRuntime pyros = await(builder("await-test").graph(system).start())) {
      CompletionStage<ServiceInfo> service = pyros.client().awaitService("/s/late", Duration.ofSeconds(10));
      serveTrigger(system, "/s/late");
      assertEquals(StandardTypes.TRIGGER.name(), await(service).type());
      PyrosException none = failure(pyros.client().awaitTopic("/t/none", Duration.ofMillis(300)));
      assertEquals(ErrorCode.TIMEOUT, none.code());
      assertTrue(none.getMessage().contains("/t/none") && none.getMessage().contains("300 ms"), none.getMessage());
    }
  }

  @Test
  void aNodeRunningElsewhereGetsAClientAndNoSystem() {
    GatedSystem system = new GatedSystem();
    system.open();
    try (PyrosRuntime host = await(builder("host-test").graph(system).start());
        PyrosRuntime remote = await(PyrosRuntime.builder().actorSystem(host.actors())
            .node(host.node(), org.pyros.core.client.RequestRoute.NONE).start())) {
      await(remote.client().publishJson("/t/x", StandardTypes.STRING.name(), "{\"data\": \"x\"}"));
      assertEquals("x", await(host.client().latest("/t/x")).orElseThrow().getString("data"));
      assertThrows(IllegalStateException.class, remote::system);
    }
  }
}
