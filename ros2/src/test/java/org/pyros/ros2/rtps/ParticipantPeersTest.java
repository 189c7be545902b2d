package org.pyros.ros2.rtps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

  @BeforeEach
  void setUp() {
    DdsPeers.build();
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

    Eventually.await(DISCOVERY, "our writer matched with the peer's reader", () -> w.matchedReaders() == 1);
    // The peer exits 0 only once its reader matched our writer (SPDP and SEDP from us) and took a sample.
    w.write(StringCdr.encode("hello 0"));
    assertEquals(0, peer.awaitExit(DISCOVERY), peer.toString());
    assertEquals(List.of("hello 0"), peer.lines());
  }
}
