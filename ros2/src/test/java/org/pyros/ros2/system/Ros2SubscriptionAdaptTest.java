package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.rtps.wire.Guid;

/**
 * A subscription whose publishers change (one with another history depth, as Cyclone DDS
 * announces it, comes along) keeps its reader and goes on delivering each sample once.
 */
class Ros2SubscriptionAdaptTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  private final List<Ros2System> systems = new ArrayList<>();

  @AfterEach
  void stop() {
    systems.forEach(Ros2System::close);
  }

  private Ros2System start(Ros2Settings settings) {
    Ros2System s = Ros2System.start(settings);
    systems.add(s);
    return s;
  }

  @Test
  void aPublisherWithADeeperHistoryJoiningKeepsTheReaderAndDeliversEachSampleOnce() {
    int domain = FreeDomain.pick();
    Ros2System subscriber = start(Ros2Settings.loopback(domain, "subscriber"));
    Ros2System first = start(Ros2Settings.loopback(domain, "first"));
    Ros2System deeper = start(Ros2Settings.loopback(domain, "deeper").withQos(QosProfiles.fromConfig(
        ConfigFactory.parseString("default-profile = default\ntopics { \"/t\" { depth = 50 } }"))));
    MessageType string = subscriber.types().messageType("std_msgs/msg/String");
    MatchWatch matches = new MatchWatch();
    subscriber.participant().watch(matches);
    List<String> got = new CopyOnWriteArrayList<>();
    subscriber.subscribe(new TopicInfo("/t", "std_msgs/msg/String"), 100, m -> got.add(m.getString("data")))
        .toCompletableFuture().join();
    TopicPublisher publisher = first.advertise(new TopicInfo("/t", "std_msgs/msg/String"), PublishOptions.DEFAULT)
        .toCompletableFuture().join();
    Guid firstWriter = awaitWriterOf(subscriber, first);
    MatchWatch firstMatches = new MatchWatch();
    first.participant().watch(firstMatches);
    Eventually.await(WAIT, "the first publisher matched both ways", () -> !matches.localsMatchedWith(firstWriter)
        .isEmpty() && firstMatches.matchedWithAny(first.participant().graph().readersOn("rt/t")), matches::toString);
    Set<Guid> reader = matches.localsMatchedWith(firstWriter);
    for (int i = 0; i < 5; i++) {
      publisher.publish(Message.builder(string).set("data", "hello " + i).build());
    }
    Eventually.await(WAIT, "the first five", () -> got.size() >= 5, got::toString);

    deeper.advertise(new TopicInfo("/t", "std_msgs/msg/String"), PublishOptions.DEFAULT).toCompletableFuture().join();
    Guid deeperWriter = awaitWriterOf(subscriber, deeper);
    Eventually.await(WAIT, "the deeper publisher matched", () -> !matches.localsMatchedWith(deeperWriter).isEmpty(),
        matches::toString);
    // The graph thread has adapted the subscription to the new writer once it calls a new watcher back.
    CountDownLatch graphDone = new CountDownLatch(1);
    subscriber.watchGraph(g -> graphDone.countDown());
    Eventually.await(WAIT, "the graph thread", () -> graphDone.getCount() == 0);
    assertEquals(reader, matches.localsMatchedWith(firstWriter), "the subscription kept its reader");

    publisher.publish(Message.builder(string).set("data", "hello 5").build());
    Eventually.await(WAIT, "hello 5", () -> got.contains("hello 5"), got::toString);
    assertEquals(IntStream.range(0, 6).mapToObj(i -> "hello " + i).toList(), got);
  }

  @Test
  void aReaderReplacedToGetTheLatchedHistoryDoesNotDeliverTwiceWhatTheOldOneDelivered() {
    int domain = FreeDomain.pick();
    Ros2System subscriber = start(Ros2Settings.loopback(domain, "subscriber"));
    Ros2System latched = start(Ros2Settings.loopback(domain, "latched").withQos(QosProfiles.fromConfig(
        ConfigFactory.parseString("default-profile = default\ntopics { \"/t\" { profile = latched, depth = 10 } }"))));
    Ros2System plain = start(Ros2Settings.loopback(domain, "plain"));
    MessageType string = subscriber.types().messageType("std_msgs/msg/String");
    MatchWatch matches = new MatchWatch();
    subscriber.participant().watch(matches);
    TopicPublisher volatilePublisher = plain.advertise(new TopicInfo("/t", "std_msgs/msg/String"),
        PublishOptions.DEFAULT).toCompletableFuture().join();
    TopicPublisher latchedPublisher = latched.advertise(new TopicInfo("/t", "std_msgs/msg/String"),
        PublishOptions.DEFAULT).toCompletableFuture().join();
    Guid latchedWriter = awaitWriterOf(subscriber, latched);
    awaitWriterOf(subscriber, plain);
    // With a volatile publisher on the topic the subscription is volatile: it gets the latched one's new samples.
    List<String> got = new CopyOnWriteArrayList<>();
    subscriber.subscribe(new TopicInfo("/t", "std_msgs/msg/String"), 100, m -> got.add(m.getString("data")))
        .toCompletableFuture().join();
    // The writer side too: a volatile reader of a latched writer starts at the first HEARTBEAT it
    // hears, so samples written before the writer knew the reader are not for it.
    MatchWatch latchedMatches = new MatchWatch();
    latched.participant().watch(latchedMatches);
    Eventually.await(WAIT, "matched with the latched publisher both ways", () -> !matches.localsMatchedWith(
        latchedWriter).isEmpty() && latchedMatches.matchedWithAny(latched.participant().graph().readersOn("rt/t")),
        () -> matches + " / " + latchedMatches);
    for (int i = 0; i < 3; i++) {
      latchedPublisher.publish(Message.builder(string).set("data", "hello " + i).build());
    }
    Eventually.await(WAIT, "the first three", () -> got.size() >= 3, got::toString);
    Set<Guid> before = matches.localsMatchedWith(latchedWriter);

    // Only latched publishers left: the subscription takes a transient-local reader, which the
    // latched publisher sends its history.
    volatilePublisher.cancel();
    Eventually.await(WAIT, "a new reader matched with the latched publisher", () -> {
      Set<Guid> now = matches.localsMatchedWith(latchedWriter);
      return !now.isEmpty() && !now.equals(before);
    }, matches::toString);
    Eventually.await(WAIT, "the latched publisher knowing the new reader", () -> latched.participant()
        .endpointsAnnounced() && latched.participant().graph().readersOn("rt/t").size() == 1);
    latchedPublisher.publish(Message.builder(string).set("data", "hello 3").build());
    Eventually.await(WAIT, "hello 3", () -> got.contains("hello 3"), got::toString);
    assertEquals(IntStream.range(0, 4).mapToObj(i -> "hello " + i).toList(), got);
  }

  /** The GUID of {@code publisher}'s writer on /t as {@code at} discovered it. */
  private static Guid awaitWriterOf(Ros2System at, Ros2System publisher) {
    Eventually.await(WAIT, "the writer of " + publisher.description(), () -> at.participant().graph()
        .writersOn("rt/t").stream().anyMatch(w -> w.guid().prefix().equals(publisher.participant().guidPrefix())));
    return at.participant().graph().writersOn("rt/t").stream()
        .filter(w -> w.guid().prefix().equals(publisher.participant().guidPrefix())).findFirst().orElseThrow().guid();
  }
}
