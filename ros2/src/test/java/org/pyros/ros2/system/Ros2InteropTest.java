package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros2.msg.Ros2Names;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.qos.Reliability;

/**
 * Pyros's ROS 2 topics as users have them ({@link Ros2System}: advertise and subscribe with
 * {@link TopicInfo}s and {@link Message}s of the bundled types) against real Cyclone DDS 0.10 and
 * Fast DDS 2.9 peers on loopback ({@code ros2/src/test/peers}), in both directions.
 */
class Ros2InteropTest {
  static final Duration DISCOVERY = Duration.ofSeconds(20);
  static final Duration FLOW = Duration.ofSeconds(60);
  static final String STRING = "std_msgs/msg/String";
  static final String IMAGE = "sensor_msgs/msg/Image";
  private static final Pattern FRAME = Pattern.compile("frame=[a-z]+(\\d+) ");
  private static final Pattern CRC = Pattern.compile(" crc=([0-9a-f]{8})$");

  private final List<AutoCloseable> resources = new ArrayList<>();
  private int domain;
  private Ros2System system;
  private MatchWatch matches;
  private PeerContent content;

  @BeforeEach
  void start() {
    DdsPeers.buildRos2Peers();
    domain = FreeDomain.pick();
    system = startSystem(Ros2Settings.loopback(domain, "pyros_interop"));
    matches = new MatchWatch();
    Registration r = system.participant().watch(matches);
    resources.add(r::cancel);
    content = new PeerContent(system.types());
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private Ros2System startSystem(Ros2Settings settings) {
    return keep(Ros2System.start(settings));
  }

  private Peer peer(Kind kind, String... args) {
    return keep(DdsPeers.ros2Peer(kind, Options.domain(domain), args));
  }

  static Stream<Arguments> nestedTypes() {
    return Stream.of(Kind.values()).flatMap(k -> Stream.of("sensor_msgs/msg/JointState", "geometry_msgs/msg/PoseArray")
        .map(t -> Arguments.of(k, t)));
  }

  // ---------------------------------------------------------------- 1. String, in order

  @ParameterizedTest
  @EnumSource(Kind.class)
  void stringsFromThePeerArriveIntactAndInOrder(Kind kind) {
    int n = 50;
    List<Message> got = fromPeer(kind, STRING, "/chatter", n, 200);
    assertEquals(LongStream.range(0, n).mapToObj(content::string).toList(), got);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void stringsToThePeerArriveIntactAndInOrder(Kind kind) {
    int n = 50;
    Peer peer = toPeer(kind, STRING, "/chatter", n);
    assertEquals(IntStream.range(0, n).mapToObj(i -> "hello " + i).toList(), samples(peer));
  }

  // ---------------------------------------------------------------- 2. nested arrays and a Header

  @ParameterizedTest
  @MethodSource("nestedTypes")
  void nestedMessagesFromThePeerMatchFieldByField(Kind kind, String type) {
    int n = 20;
    List<Message> got = fromPeer(kind, type, "/nested", n, 200);
    assertEquals(n, got.size());
    for (int i = 0; i < n; i++) {
      assertEquals("", PeerContent.firstDifference(content.sample(type, i), got.get(i)), "sample " + i + ": " + got.get(i));
    }
  }

  @ParameterizedTest
  @MethodSource("nestedTypes")
  void nestedMessagesToThePeerPassItsChecks(Kind kind, String type) {
    int n = 20;
    Peer peer = toPeer(kind, type, "/nested", n);
    // The peer checks every field against sample i (a BAD line and exit 3 otherwise) and the order per writer.
    assertEquals(IntStream.range(0, n).boxed().toList(), frames(samples(peer)));
  }

  // ---------------------------------------------------------------- 3. 1 MB images, fragmented

  @ParameterizedTest
  @EnumSource(Kind.class)
  void megabyteImagesFromThePeerArriveByteForByte(Kind kind) {
    int n = 20;
    List<Message> got = fromPeer(kind, IMAGE, "/image", n, 20);
    assertEquals(n, got.size());
    for (int i = 0; i < n; i++) {
      assertEquals("", PeerContent.firstDifference(content.image(i), got.get(i)), "image " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void megabyteImagesToThePeerArriveByteForByte(Kind kind) {
    int n = 20;
    Peer peer = toPeer(kind, IMAGE, "/image", n);
    List<String> lines = samples(peer);
    assertEquals(IntStream.range(0, n).boxed().toList(), frames(lines));
    for (int i = 0; i < n; i++) {
      Matcher m = CRC.matcher(lines.get(i));
      assertTrue(m.find(), lines.get(i));
      assertEquals(PeerContent.imageCrc(i), Long.parseLong(m.group(1), 16), "crc of image " + i + ": " + lines.get(i));
      assertTrue(lines.get(i).contains(" 1024x1024 enc=mono8 bigendian=0 step=1024 bytes=1048576 "), lines.get(i));
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Subscribes {@code topic}, starts a peer publishing {@code n} samples at {@code hz} once our
   * reader and its writer are matched both ways, and returns what the subscription received.
   */
  private List<Message> fromPeer(Kind kind, String type, String topic, int n, double hz, String... options) {
    List<Message> got = new CopyOnWriteArrayList<>();
    keep(system.subscribe(new TopicInfo(topic, type), 1000, got::add).toCompletableFuture().join()::cancel);
    Peer peer = peer(kind, concat(new String[] {"pub", PeerContent.peerType(type), topic, Integer.toString(n),
        Double.toString(hz), "--wait-match", "1", "--wait-stdin"}, options));
    awaitPeerWriterMatched(peer, topic);
    peer.send("go");
    Eventually.await(FLOW, n + " samples from " + peer, () -> got.size() >= n, () -> got.size() + " so far");
    assertEquals(0, peer.awaitExit(FLOW), peer.toString());
    return List.copyOf(got);
  }

  /** Our reader on {@code topic} and the peer's writer matched, both ways. */
  private void awaitPeerWriterMatched(Peer peer, String topic) {
    String ddsTopic = Ros2Names.ddsTopic(topic);
    peer.awaitLine("matched 1", DISCOVERY);
    Eventually.await(DISCOVERY, "our reader matched with the writer of " + peer,
        () -> matches.matchedWithAny(system.participant().graph().writersOn(ddsTopic)), matches::toString);
  }

  /**
   * Advertises {@code topic}, starts a peer subscriber of {@code n} samples, publishes samples
   * 0..n-1 once the two are matched both ways (never more than the histories of 10 hold ahead of
   * the peer), and returns the peer once it exited 0: every sample arrived and passed its checks.
   */
  private Peer toPeer(Kind kind, String type, String topic, int n, String... options) {
    TopicPublisher publisher = advertise(topic, type, PublishOptions.DEFAULT);
    Peer peer = peer(kind, concat(new String[] {"sub", PeerContent.peerType(type), topic, Integer.toString(n),
        Long.toString(FLOW.toSeconds()), "--wait-match", "1"}, options));
    awaitPeerReaderMatched(peer, topic);
    for (int i = 0; i < n; i++) {
      int written = i;
      Eventually.await(FLOW, "the peer keeping up", () -> samples(peer).size() >= written - 8, peer::toString);
      publisher.publish(content.sample(type, i));
    }
    assertEquals(0, peer.awaitExit(FLOW), peer.toString());
    return peer;
  }

  private TopicPublisher advertise(String topic, String type, PublishOptions options) {
    TopicPublisher publisher = system.advertise(new TopicInfo(topic, type), options).toCompletableFuture().join();
    keep(publisher::cancel);
    return publisher;
  }

  /** Our writer on {@code topic} and the peer's reader matched, both ways, and the peer has all our announcements. */
  private void awaitPeerReaderMatched(Peer peer, String topic) {
    String ddsTopic = Ros2Names.ddsTopic(topic);
    peer.awaitLine("matched 1", DISCOVERY);
    Eventually.await(DISCOVERY, "our writer matched with the reader of " + peer,
        () -> matches.matchedWithAny(system.participant().graph().readersOn(ddsTopic))
            && system.participant().endpointsAnnounced(), matches::toString);
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  /** The peer's sample lines (without its "matched"/"sent" lines). */
  static List<String> samples(Peer peer) {
    return peer.lines().stream().filter(l -> !l.startsWith("matched ") && !l.startsWith("sent ")).toList();
  }

  /** The index in each summary line's {@code frame=<prefix><i>}. */
  static List<Integer> frames(List<String> lines) {
    List<Integer> out = new ArrayList<>();
    for (String l : lines) {
      Matcher m = FRAME.matcher(l);
      assertTrue(m.find(), "no frame in " + l);
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }
}
