package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.peer.TestResources;
import org.pyros.ros2.rtps.LocalReader;
import org.pyros.ros2.rtps.LocalWriter;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.ParticipantSettings;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;

/**
 * Our endpoints (in a participant) with real Cyclone DDS 0.10 and Fast DDS 2.9 peers (ros2peer
 * {@code string --size}) on loopback: 1 MB samples both ways (they reassemble our DATA_FRAGs at
 * the fragment sizes we may configure, we reassemble theirs: Cyclone's 1344-byte fragments several
 * to a DATA_FRAG, Fast DDS's ~64 KB ones, one per datagram), and what late-joining peer readers
 * get per durability.
 */
class EndpointPeersTest {
  private static final String TOPIC = "rt/big";
  private static final String TYPE = "std_msgs::msg::dds_::String_";
  private static final int SIZE = 1 << 20;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final TestResources resources = new TestResources();
  private int domain;

  @BeforeEach
  void setUp() {
    DdsPeers.buildRos2Peers();
    domain = FreeDomain.pick();
  }

  @AfterEach
  void tearDown() throws Exception {
    resources.close();
  }

  /** {@code ros2peer ARGS} in the test's domain; its sub checks every sample's content itself (exit 3 if one differs). */
  private Peer peer(Kind kind, String... args) {
    return resources.keep(DdsPeers.ros2Peer(kind, Options.domain(domain), args));
  }

  private static List<String> texts(int from, int to, int size) {
    return IntStream.range(from, to).mapToObj(i -> PeerString.text(i, size)).toList();
  }

  @ParameterizedTest(name = "{0}: fragments of {1} bytes in datagrams of {2}")
  @CsvSource({"CYCLONE, 62000, 64000", "FASTDDS, 62000, 64000", "CYCLONE, 64000, 65000", "FASTDDS, 64000, 65000",
      "CYCLONE, 8000, 64000", "FASTDDS, 8000, 64000", "CYCLONE, 1344, 14720", "FASTDDS, 1344, 14720"})
  void thePeerReassemblesOurFragments(Kind kind, int fragmentSize, int datagram) {
    ParticipantSettings d = ParticipantSettings.loopback(domain);
    Participant p = resources.keep(Participant.start(new ParticipantSettings(d.domainId(), d.participantIndex(),
        d.bindAddress(), d.initialPeers(), d.maxPeerIndex(), d.leaseDuration(), d.announcePeriod(), d.multicast(),
        d.enclave(), WriterSettings.DEFAULT.withFragmentSize(fragmentSize, datagram), d.reader())));
    LocalWriter w = resources.keep(p.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    int n = 5;
    Peer peer = peer(kind, "sub", "string", "/big", Integer.toString(n), "60");
    Eventually.await(WAIT, "our writer matched with the peer's reader, which knows our writer",
        () -> w.matchedReaders() == 1 && p.endpointsAnnounced(), peer::toString);
    for (int i = 0; i < n; i++) {
      w.write(PeerString.cdr(PeerString.text(i, SIZE)));
    }
    assertEquals(0, peer.awaitExit(Duration.ofSeconds(60)), peer.toString());
    List<String> lines = peer.lines();
    assertEquals(n, lines.size(), peer.toString());
    for (int i = 0; i < n; i++) {
      // Not assertEquals: a megabyte each in the failure message.
      assertTrue(PeerString.text(i, SIZE).equals(lines.get(i)), "sample " + i + " whole, not: "
          + lines.get(i).substring(0, Math.min(40, lines.get(i).length())) + "... of " + lines.get(i).length());
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void weReassembleThePeersFragments(Kind kind) {
    Participant p = resources.keep(Participant.start(ParticipantSettings.loopback(domain)));
    List<byte[]> got = new CopyOnWriteArrayList<>();
    LocalReader r = resources.keep(p.createReader(TOPIC, TYPE, Qos.ROS_DEFAULT, s -> got.add(PeerString.decode(s.payload()))));
    int n = 40;
    Peer peer = peer(kind, "pub", "string", "/big", Integer.toString(n), "10", "--size", Integer.toString(SIZE));
    Eventually.await(Duration.ofSeconds(60), "the last sample from " + kind, () -> !got.isEmpty()
        && new String(got.get(got.size() - 1), 0, 12, StandardCharsets.US_ASCII).startsWith("hello " + (n - 1) + " x"),
        () -> got.size() + " samples, matched " + r.matchedWriters() + ", " + peer);
    // The peer's volatile writer starts before discovery matched us: from the first sample on, all of them in order.
    int first = Integer.parseInt(new String(got.get(0), 6, 2, StandardCharsets.US_ASCII).trim());
    assertTrue(first < n - 5, "discovery took too long: the first sample is " + first);
    assertEquals(n - first, got.size());
    for (int i = 0; i < got.size(); i++) {
      assertTrue(Arrays.equals(PeerString.text(first + i, SIZE).getBytes(StandardCharsets.US_ASCII), got.get(i)),
          "sample " + (first + i) + " intact");
    }
  }

  /** Writes {@code count} samples before the peer's reader exists; it joins late. */
  private LocalWriter writeBeforeThePeerJoins(Participant p, Qos qos, int count) {
    LocalWriter w = resources.keep(p.createWriter(TOPIC, TYPE, qos));
    for (int i = 0; i < count; i++) {
      w.write(PeerString.cdr(PeerString.text(i, 64)));
    }
    return w;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aVolatileLateJoinerGetsOnlyNewSamplesAndWaitsForNoOldOne(Kind kind) {
    Participant p = resources.keep(Participant.start(ParticipantSettings.loopback(domain)));
    LocalWriter w = writeBeforeThePeerJoins(p, Qos.ROS_DEFAULT, 20);
    Peer peer = peer(kind, "sub", "string", "/big", "3", "60");
    Eventually.await(WAIT, "our writer matched with the peer's reader, which knows our writer",
        () -> w.matchedReaders() == 1 && p.endpointsAnnounced(), peer::toString);
    for (int i = 20; i < 23; i++) {
      w.write(PeerString.cdr(PeerString.text(i, 64)));
    }
    assertEquals(0, peer.awaitExit(Duration.ofSeconds(30)), peer.toString());
    assertEquals(texts(20, 23, 64), peer.lines());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTransientLocalLateJoinerGetsTheLastDepth(Kind kind) {
    Participant p = resources.keep(Participant.start(ParticipantSettings.loopback(domain)));
    writeBeforeThePeerJoins(p, Qos.LATCHED.withHistory(History.keepLast(5)), 20);
    Peer peer = peer(kind, "sub", "string", "/big", "5", "60", "--transient-local");
    assertEquals(0, peer.awaitExit(Duration.ofSeconds(60)), peer.toString());
    assertEquals(texts(15, 20, 64), peer.lines());
  }
}
