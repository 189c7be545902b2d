package org.pyros.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.TopicEvent;

/** The kit as a user's test meets it: one graph for the class, through the extension. */
class PyrosTestKitTest {
  @RegisterExtension
  static final PyrosTestKitExtension pyros = PyrosTestKitExtension.inMemory();

  static final Duration WAIT = Duration.ofSeconds(3);

  static Message text(String s) {
    return Message.builder(StandardTypes.STRING).set("data", s).build();
  }

  @Test
  void aScriptedSequenceReachesTheApplicationInOrder() throws Exception {
    PyrosTestKit kit = pyros.kit();
    ScriptedPublisher chatter = kit.graph().publishing("/seq/chatter", StandardTypes.STRING, text("a"), text("b"), text("c"));
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    PyrosClient.TopicSubscription sub = kit.await(kit.client().subscribe("/seq/chatter", m -> got.add(m.getString("data"))));

    chatter.every(Duration.ofMillis(10));
    chatter.awaitFinished(WAIT);

    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(got.poll(3, TimeUnit.SECONDS));
    }
    assertEquals(List.of("a", "b", "c"), seen);
    assertEquals(3, chatter.publishedCount());
    // The kit's own probe saw them too, from the first.
    assertEquals(List.of(text("a"), text("b"), text("c")), kit.topic("/seq/chatter").received());
    kit.await(sub.cancel());
  }

  @Test
  void expectPublishedReturnsWhatTheApplicationPublished() {
    PyrosTestKit kit = pyros.kit();
    kit.await(kit.client().publish("/out/first", text("one")));
    kit.await(kit.client().publish("/out/first", text("two")));

    assertEquals(text("one"), kit.expectPublished("/out/first", WAIT));
    assertEquals(text("two"), kit.expectPublished("/out/first", WAIT));
    kit.expectNoPublish("/out/first", Duration.ofMillis(100));
    AssertionError quiet = assertThrows(AssertionError.class, () -> kit.expectPublished("/out/first", Duration.ofMillis(100)));
    assertTrue(quiet.getMessage().contains("/out/first"), quiet.getMessage());

    kit.await(kit.client().publish("/out/first", text("three")));
    AssertionError noisy = assertThrows(AssertionError.class, () -> kit.expectNoPublish("/out/first", Duration.ofMillis(500)));
    assertTrue(noisy.getMessage().contains("three"), noisy.getMessage());
  }

  @Test
  void expectPublishedWithAPredicateSkipsToTheMatchingMessage() {
    PyrosTestKit kit = pyros.kit();
    for (int i = 0; i < 5; i++) {
      kit.await(kit.client().publish("/out/count", Message.builder(StandardTypes.INT32).set("data", i).build()));
    }
    assertEquals(3, kit.expectPublished("/out/count", m -> m.getInt("data") >= 3, WAIT).getInt("data"));
    assertEquals(4, kit.expectPublished("/out/count", WAIT).getInt("data"));
    AssertionError none = assertThrows(AssertionError.class,
        () -> kit.expectPublished("/never/published", Duration.ofMillis(100)));
    assertTrue(none.getMessage().contains("/never/published"), none.getMessage());
    kit.expectNoPublish("/never/published", Duration.ofMillis(50));
  }

  @Test
  void aScriptedServiceAnswersAndRecordsItsCalls() {
    PyrosTestKit kit = pyros.kit();
    ScriptedService flag = kit.graph().serving("/srv/flag", StandardTypes.SET_BOOL, req ->
        Message.builder(StandardTypes.SET_BOOL.response()).set("success", true).set("message", "flag=" + req.getBool("data")).build());

    Message response = kit.await(kit.client().call("/srv/flag",
        Message.builder(StandardTypes.SET_BOOL.request()).set("data", true).build()));

    assertEquals("flag=true", response.getString("message"));
    assertTrue(flag.expectCall(WAIT).getBool("data"));
    flag.expectNoCall(Duration.ofMillis(50));
    assertEquals(1, flag.requests().size());
  }

  @Test
  void aScriptedServiceThatThrowsIsAServiceFailure() {
    PyrosTestKit kit = pyros.kit();
    ScriptedService broken = kit.graph().serving("/srv/broken", StandardTypes.TRIGGER, req -> {
      throw new IllegalStateException("motor fault");
    });
    PyrosException e = assertThrows(PyrosException.class,
        () -> kit.await(kit.client().call("/srv/broken", StandardTypes.TRIGGER.request().defaultMessage())));
    assertEquals(ErrorCode.SERVICE_FAILED, e.code());
    assertTrue(e.getMessage().contains("motor fault"), e.getMessage());
    broken.expectCall(WAIT);
  }

  @Test
  void paramsArePresetAndTheApplicationsAreSeen() {
    PyrosTestKit kit = pyros.kit();
    kit.graph().setParam("/cfg/max_speed", 1.5);
    assertEquals(Optional.of(1.5), kit.await(kit.client().param("/cfg/max_speed")));

    kit.await(kit.client().setParam("/cfg/mode", Map.of("name", "auto")));
    assertEquals("auto", kit.expectParam("/cfg/mode/name", WAIT));
    kit.expectParam("/cfg/mode", Map.of("name", "auto"), WAIT);
    AssertionError wrong = assertThrows(AssertionError.class, () -> kit.expectParam("/cfg/mode/name", "manual", Duration.ofMillis(100)));
    assertTrue(wrong.getMessage().contains("auto"), wrong.getMessage());
  }

  @Test
  void aFailedPublishIsAnErrorAndTheNextOneWorks() {
    PyrosTestKit kit = pyros.kit();
    kit.await(kit.client().publish("/out/flaky", text("before")));
    kit.graph().failNextPublish("/out/flaky", new IllegalStateException("link down"));

    PyrosException e = assertThrows(PyrosException.class, () -> kit.await(kit.client().publish("/out/flaky", text("lost"))));
    assertTrue(e.getMessage().contains("link down"), e.getMessage());
    kit.await(kit.client().publish("/out/flaky", text("after")));

    assertEquals(text("before"), kit.expectPublished("/out/flaky", WAIT));
    assertEquals(text("after"), kit.expectPublished("/out/flaky", WAIT));
  }

  @Test
  void aCyclingPublisherRunsUntilStopped() {
    PyrosTestKit kit = pyros.kit();
    ScriptedPublisher ticks = kit.graph().publishing("/seq/ticks", StandardTypes.STRING, text("tick"), text("tock")).cycling();
    ticks.every(Duration.ofMillis(5));
    TopicProbe probe = kit.topic("/seq/ticks");
    assertEquals(text("tick"), probe.expectMessage(WAIT));
    assertEquals(text("tock"), probe.expectMessage(WAIT));
    assertEquals(text("tick"), probe.expectMessage(WAIT));

    ticks.stop();
    long published = ticks.publishedCount();
    Poll.until(WAIT, "every published tick to be recorded", () -> probe.received().size() >= published);
    probe.skipPending();
    probe.expectNoMessage(Duration.ofMillis(100));
    assertEquals(published, ticks.publishedCount());
  }

  @Test
  void aSupplierPublisherFeedsActorsTalkingToTheNode() {
    PyrosTestKit kit = pyros.kit();
    int[] n = {0};
    ScriptedPublisher counter = kit.graph().publishing("/seq/counter", StandardTypes.INT32,
        () -> Message.builder(StandardTypes.INT32).set("data", n[0]++).build());
    TestProbe<TopicEvent> events = kit.actorTestKit().createTestProbe();
    TestProbe<Reply<Done>> subscribed = kit.actorTestKit().createTestProbe();
    kit.node().tell(new PyrosNode.Subscribe("/seq/counter", events.ref(), subscribed.ref()));
    subscribed.expectMessage(WAIT, new Reply.Ok<>(Done.getInstance()));

    counter.every(Duration.ofMillis(5));
    for (int i = 0; i < 5; i++) {
      TopicEvent.Received r = (TopicEvent.Received) events.receiveMessage(WAIT);
      assertEquals(i, r.message().getInt("data"));
    }
    counter.close();
  }

  @Test
  void testMethodsCanTakeTheClient(PyrosClient client, PyrosTestKit kit) {
    assertEquals(kit.client(), client);
  }
}
