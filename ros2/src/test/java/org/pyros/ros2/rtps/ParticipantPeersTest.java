package org.pyros.ros2.rtps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.discovery.ParticipantData;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;

/** A Pyros participant against real Cyclone DDS 0.10 and Fast DDS 2.9 peers on loopback. */
class ParticipantPeersTest {
  static final String TOPIC = "rt/chatter";
  static final String TYPE = "std_msgs::msg::dds_::String_";
  static final Duration DISCOVERY = Duration.ofSeconds(20);
  static final int CYCLONE_VENDOR = 0x0110;
  static final int FASTDDS_VENDOR = 0x010f;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private int domain;

  @BeforeAll
  static void buildPeers() {
    DdsPeers.build();
  }

  @BeforeEach
  void pickDomain() {
    domain = FreeDomain.pick();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private Participant participant() {
    return keep(Participant.start(ParticipantSettings.loopback(domain)));
  }

  static int vendorOf(Kind kind) {
    return kind == Kind.CYCLONE ? CYCLONE_VENDOR : FASTDDS_VENDOR;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void discoversThePeerAndItsReaderAndThePeerDiscoversUs(Kind kind) {
    Participant p = participant();
    LocalWriter w = keep(p.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    Peer peer = keep(DdsPeers.subscriber(kind, Options.domain(domain), "/chatter", 1, 30));

    Eventually.await(DISCOVERY, "SPDP: the " + kind + " participant known", () -> p.graph().participants().values()
        .stream().anyMatch(d -> d.vendorId() == vendorOf(kind)), () -> p.graph() + " " + peer);
    Eventually.await(DISCOVERY, "SEDP: the " + kind + " reader on " + TOPIC, () -> !p.graph().readersOn(TOPIC)
        .isEmpty(), () -> p.graph() + " " + peer);
    EndpointData reader = p.graph().readersOn(TOPIC).get(0);
    assertEquals(TYPE, reader.typeName());
    assertEquals(Reliability.RELIABLE, reader.qos().reliability());
    if (kind == Kind.CYCLONE) {
      // Cyclone announces HISTORY in SEDP; Fast DDS does not (the spec's DiscoveredReaderData has no history).
      assertEquals(History.keepLast(10), reader.qos().history());
    }
    ParticipantData remote = p.graph().participant(reader.guid().prefix()).orElseThrow();
    assertEquals(vendorOf(kind), remote.vendorId());
    // Their default leases: what governs how long a killed peer lingers.
    assertEquals(Duration.ofSeconds(kind == Kind.CYCLONE ? 10 : 20), remote.leaseDuration());

    Eventually.await(DISCOVERY, "our writer matched with the peer's reader, which knows our writer",
        () -> w.matchedReaders() == 1 && p.endpointsAnnounced());
    // The peer exits 0 only once its reader matched our writer (SPDP and SEDP from us) and took a sample.
    w.write(StringCdr.encode("hello 0"));
    assertEquals(0, peer.awaitExit(DISCOVERY), peer.toString());
    assertEquals(List.of("hello 0"), peer.lines());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void peerPublisherReachesOurReaderInOrder(Kind kind) {
    Participant p = participant();
    List<String> got = new CopyOnWriteArrayList<>();
    LocalReader r = keep(p.createReader(TOPIC, TYPE, Qos.ROS_DEFAULT, s -> got.add(StringCdr.decode(s.payload()))));
    int n = 40;
    Peer peer = keep(DdsPeers.publisher(kind, Options.domain(domain), "/chatter", n, 20));
    Eventually.await(DISCOVERY, "the last sample from " + kind, () -> got.contains("hello " + (n - 1)),
        () -> got + " " + peer + " matched " + r.matchedWriters());
    // The peer's writer is volatile and writes from its first millisecond, before discovery has
    // matched it with us: what it wrote before the match is not for us. From the first sample on,
    // every one arrives once and in order.
    int first = Integer.parseInt(got.get(0).substring("hello ".length()));
    assertTrue(first < n / 2, "discovery took too long: first sample " + got.get(0));
    assertEquals(IntStream.range(first, n).mapToObj(i -> "hello " + i).toList(), got);
    assertEquals(0, peer.awaitExit(DISCOVERY), peer.toString());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void ourWriterReachesThePeerSubscriberWithEverySample(Kind kind) {
    Participant p = participant();
    LocalWriter w = keep(p.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    int n = 50;
    Peer peer = keep(DdsPeers.subscriber(kind, Options.domain(domain), "/chatter", n, 60));
    Eventually.await(DISCOVERY, "our writer matched with the " + kind + " reader, which knows our writer",
        () -> w.matchedReaders() == 1 && p.endpointsAnnounced(), peer::toString);
    for (int i = 0; i < n; i++) {
      // Both histories keep the last 10: stay within them, as a publisher at a sane rate does.
      int written = i;
      Eventually.await(DISCOVERY, "the peer keeping up", () -> peer.lines().size() >= written - 8, peer::toString);
      w.write(StringCdr.encode("hello " + i));
    }
    assertEquals(0, peer.awaitExit(Duration.ofSeconds(60)), peer.toString());
    assertEquals(IntStream.range(0, n).mapToObj(i -> "hello " + i).toList(), peer.lines());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aKilledPeerIsDroppedWhenItsLeaseRunsOut(Kind kind) {
    Participant p = participant();
    RecordingListener events = new RecordingListener();
    keep(p.watch(events)::cancel);
    Duration lease = Duration.ofSeconds(3);
    Peer peer = keep(DdsPeers.subscriber(kind, Options.domain(domain).withLease(lease), "/chatter", 1, 120));
    Eventually.await(DISCOVERY, "the " + kind + " reader", () -> !p.graph().readersOn(TOPIC).isEmpty(),
        peer::toString);
    ParticipantData remote = p.graph().participant(p.graph().readersOn(TOPIC).get(0).guid().prefix()).orElseThrow();
    assertEquals(lease, remote.leaseDuration(), "the peer announces the lease its configuration sets");

    long killedAt = System.nanoTime();
    peer.kill();
    Eventually.await(lease.multipliedBy(3), "the killed peer dropped", () -> p.graph().participants().isEmpty(),
        () -> p.graph().toString());
    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
    assertTrue(took.compareTo(lease.minusMillis(1500)) >= 0, "dropped before its lease could run out: " + took);
    assertTrue(p.graph().readersOn(TOPIC).isEmpty(), "its endpoints go with it");
    Eventually.await(Duration.ofSeconds(5), "participantLost for the killed peer",
        () -> events.has("lost " + remote.prefix() + " lease expired"), events::toString);
  }

  @Test
  void aReliableReaderAndABestEffortWriterAreIncompatibleAndNothingFlows() {
    Participant a = participant();
    Participant b = participant();
    RecordingListener events = new RecordingListener();
    keep(b.watch(events)::cancel);
    List<String> got = new CopyOnWriteArrayList<>();
    LocalReader r = keep(b.createReader(TOPIC, TYPE, Qos.ROS_DEFAULT, s -> got.add(StringCdr.decode(s.payload()))));
    LocalWriter w = keep(a.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT.withReliability(Reliability.BEST_EFFORT)));
    Eventually.await(DISCOVERY, "the reader's participant reports the pair incompatible",
        () -> events.has("incompatible " + r.guid() + " " + w.guid()), events::toString);
    assertTrue(events.incompatibilities().get(0).get(0).startsWith("reliability"), events.incompatibilities().toString());
    assertEquals(0, r.matchedWriters());
    assertEquals(0, w.matchedReaders());
    // A compatible writer on the same topic, written after the incompatible one, shows that the
    // reader is live: it receives the compatible one's sample and none of the other's.
    LocalWriter ok = keep(a.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    Eventually.await(DISCOVERY, "the compatible writer matched", () -> ok.matchedReaders() == 1);
    w.write(StringCdr.encode("best effort"));
    ok.write(StringCdr.encode("reliable"));
    Eventually.await(DISCOVERY, "the compatible sample", () -> got.contains("reliable"), got::toString);
    assertEquals(List.of("reliable"), got);
    assertFalse(events.has("matched " + r.guid() + " " + w.guid()));
  }

  @Test
  void closingAParticipantDropsItAtOnceAtItsPeers() {
    Participant a = participant();
    Participant b = Participant.start(ParticipantSettings.loopback(domain).withLease(Duration.ofSeconds(60),
        Duration.ofSeconds(20)));
    boolean closed = false;
    try {
      LocalWriter w = b.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT);
      Eventually.await(DISCOVERY, "b's writer known to a", () -> !a.graph().writersOn(TOPIC).isEmpty());
      w.close();
      Eventually.await(DISCOVERY, "b's closed writer dropped at a", () -> a.graph().writersOn(TOPIC).isEmpty());
      assertTrue(a.graph().participant(b.guidPrefix()).isPresent());
      b.close();
      closed = true;
      // Far below b's 60 s lease: the dispose did it.
      Eventually.await(Duration.ofSeconds(5), "b dropped at a", () -> a.graph().participants().isEmpty());
    } finally {
      if (!closed) {
        b.close();
      }
    }
  }
}
