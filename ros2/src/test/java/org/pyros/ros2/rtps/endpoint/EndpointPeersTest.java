package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.rtps.LocalReader;
import org.pyros.ros2.rtps.LocalWriter;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.ParticipantSettings;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;

/**
 * Our endpoints (in a participant) with real Cyclone DDS 0.10 and Fast DDS 2.9 peers on loopback:
 * 1 MB samples both ways (they reassemble our DATA_FRAGs at the fragment sizes we may configure,
 * we reassemble theirs: Cyclone's 1344-byte fragments several to a DATA_FRAG, Fast DDS's ~64 KB
 * ones, one per datagram), and what late-joining peer readers get per durability.
 */
class EndpointPeersTest {
  private static final String TOPIC = "rt/big";
  private static final String TYPE = "std_msgs::msg::dds_::String_";
  private static final int SIZE = 1 << 20;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private int domain;

  @BeforeEach
  void setUp() {
    BigStringPeers.build();
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

  /** std_msgs/String of {@code size} bytes as the peers write it: "hello I ", 'x', then one letter repeated. */
  private static byte[] text(int i, int size) {
    byte[] s = new byte[size];
    Arrays.fill(s, (byte) ('a' + i % 26));
    byte[] head = ("hello " + i + " ").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, s, 0, head.length);
    s[head.length] = 'x';
    return s;
  }

  private static ByteBuffer cdr(byte[] s) {
    ByteBuffer out = ByteBuffer.allocate(4 + 4 + s.length + 1).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {0, 1, 0, 0}).putInt(s.length + 1).put(s).put((byte) 0);
    return out.flip();
  }

  @ParameterizedTest(name = "{0}: fragments of {1} bytes in datagrams of {2}")
  @CsvSource({"CYCLONE, 62000, 64000", "FASTDDS, 62000, 64000", "CYCLONE, 64000, 65000", "FASTDDS, 64000, 65000",
      "CYCLONE, 8000, 64000", "FASTDDS, 8000, 64000", "CYCLONE, 1344, 14720", "FASTDDS, 1344, 14720"})
  void thePeerReassemblesOurFragments(Kind kind, int fragmentSize, int datagram) throws Exception {
    ParticipantSettings d = ParticipantSettings.loopback(domain);
    Participant p = keep(Participant.start(new ParticipantSettings(d.domainId(), d.participantIndex(),
        d.bindAddress(), d.initialPeers(), d.maxPeerIndex(), d.leaseDuration(), d.announcePeriod(), d.multicast(),
        d.enclave(), WriterSettings.DEFAULT.withFragmentSize(fragmentSize, datagram), d.reader())));
    LocalWriter w = keep(p.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    int n = 5;
    BigStringPeers.Peer peer = keep(BigStringPeers.start(kind, domain, "sub", "/big", Integer.toString(n), "60"));
    Eventually.await(WAIT, "our writer matched with the peer's reader, which knows our writer",
        () -> w.matchedReaders() == 1 && p.endpointsAnnounced(), peer::toString);
    for (int i = 0; i < n; i++) {
      w.write(cdr(text(i, SIZE)));
    }
    assertEquals(0, peer.awaitExit(Duration.ofSeconds(60)), peer.toString());
    List<String> lines = peer.lines();
    for (int i = 0; i < n; i++) {
      String expected = ("hello " + i + " x" + (char) ('a' + i % 26)).substring(0, 10);
      assertEquals(expected + " len=" + SIZE + " uniform=1", lines.get(i));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void weReassembleThePeersFragments(Kind kind) {
    Participant p = keep(Participant.start(ParticipantSettings.loopback(domain)));
    List<byte[]> got = new CopyOnWriteArrayList<>();
    LocalReader r = keep(p.createReader(TOPIC, TYPE, Qos.ROS_DEFAULT, s -> {
      ByteBuffer in = s.payload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
      int length = in.getInt(4);
      byte[] b = new byte[Math.max(0, Math.min(length - 1, in.remaining() - 8))];
      in.position(8).get(b);
      got.add(b);
    }));
    int n = 40;
    BigStringPeers.Peer peer = keep(BigStringPeers.start(kind, domain, "pub", "/big", Integer.toString(n), "10",
        Integer.toString(SIZE)));
    Eventually.await(Duration.ofSeconds(60), "the last sample from " + kind, () -> !got.isEmpty()
        && new String(got.get(got.size() - 1), 0, 12, StandardCharsets.US_ASCII).startsWith("hello " + (n - 1) + " x"),
        () -> got.size() + " samples, matched " + r.matchedWriters() + ", " + peer);
    // The peer's volatile writer starts before discovery matched us: from the first sample on, all of them in order.
    int first = Integer.parseInt(new String(got.get(0), 6, 2, StandardCharsets.US_ASCII).trim());
    assertTrue(first < n - 5, "discovery took too long: the first sample is " + first);
    assertEquals(n - first, got.size());
    for (int i = 0; i < got.size(); i++) {
      assertTrue(Arrays.equals(text(first + i, SIZE), got.get(i)), "sample " + (first + i) + " intact");
    }
  }

  /** Writes {@code count} samples before the peer's reader exists; it joins late. */
  private LocalWriter writeBeforeThePeerJoins(Participant p, Qos qos, int count) {
    LocalWriter w = keep(p.createWriter(TOPIC, TYPE, qos));
    for (int i = 0; i < count; i++) {
      w.write(cdr(text(i, 64)));
    }
    return w;
  }

  private static String head(int i) {
    return ("hello " + i + " x" + (char) ('a' + i % 26)).substring(0, 10) + " len=64 uniform=1";
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aVolatileLateJoinerGetsOnlyNewSamplesAndWaitsForNoOldOne(Kind kind) throws Exception {
    Participant p = keep(Participant.start(ParticipantSettings.loopback(domain)));
    LocalWriter w = writeBeforeThePeerJoins(p, Qos.ROS_DEFAULT, 20);
    BigStringPeers.Peer peer = keep(BigStringPeers.start(kind, domain, "sub", "/big", "3", "60"));
    Eventually.await(WAIT, "our writer matched with the peer's reader, which knows our writer",
        () -> w.matchedReaders() == 1 && p.endpointsAnnounced(), peer::toString);
    for (int i = 20; i < 23; i++) {
      w.write(cdr(text(i, 64)));
    }
    assertEquals(0, peer.awaitExit(Duration.ofSeconds(30)), peer.toString());
    assertEquals(List.of(head(20), head(21), head(22)), peer.lines());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTransientLocalLateJoinerGetsTheLastDepth(Kind kind) throws Exception {
    Participant p = keep(Participant.start(ParticipantSettings.loopback(domain)));
    writeBeforeThePeerJoins(p, Qos.LATCHED.withHistory(History.keepLast(5)), 20);
    BigStringPeers.Peer peer = keep(BigStringPeers.start(kind, domain, "sub", "/big", "5", "60", "tl"));
    assertEquals(0, peer.awaitExit(Duration.ofSeconds(60)), peer.toString());
    assertEquals(List.of(head(15), head(16), head(17), head(18), head(19)), peer.lines());
  }
}
