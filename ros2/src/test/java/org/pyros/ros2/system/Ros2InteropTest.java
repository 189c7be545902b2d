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

  // ---------------------------------------------------------------- 4. TRANSIENT_LOCAL, late joiners

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLatchedPublisherServesItsLastSampleToALateJoiningPeer(Kind kind) {
    TopicPublisher publisher = advertise("/latched", STRING, new PublishOptions(true, 10));
    for (int i = 0; i < 3; i++) {
      publisher.publish(content.string(i));
    }
    // ROS 2's latched profile keeps the last sample for readers that come later.
    Peer peer = peer(kind, "sub", "string", "/latched", "1", Long.toString(FLOW.toSeconds()), "--transient-local",
        "--depth", "1");
    assertEquals(0, peer.awaitExit(FLOW), peer.toString());
    assertEquals(List.of("hello 2"), samples(peer));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTransientLocalTopicOfDepthFourServesItsLastFourToALateJoiningPeer(Kind kind) {
    system.close();
    system = startSystem(Ros2Settings.loopback(domain, "pyros_interop").withQos(latchedDepth4("/latched")));
    TopicPublisher publisher = advertise("/latched", STRING, PublishOptions.DEFAULT);
    for (int i = 0; i < 6; i++) {
      publisher.publish(content.string(i));
    }
    Peer peer = peer(kind, "sub", "string", "/latched", "4", Long.toString(FLOW.toSeconds()), "--transient-local",
        "--depth", "4");
    assertEquals(0, peer.awaitExit(FLOW), peer.toString());
    assertEquals(List.of("hello 2", "hello 3", "hello 4", "hello 5"), samples(peer));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLateSubscriptionGetsTheLastFourOfAPeersTransientLocalWriter(Kind kind) {
    Peer peer = latePeerWriter(kind);
    // A system that joins now, with no QoS configured: it subscribes with ROS 2's default
    // (volatile) profile unless it adapts its reader to the transient-local writer it discovers,
    // at once or by replacing its reader when the writer shows up.
    Ros2System late = startSystem(Ros2Settings.loopback(domain, "late"));
    assertEquals(List.of("hello 2", "hello 3", "hello 4", "hello 5"), lastFour(late, peer));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLateSubscriptionWithTheTopicsProfileConfiguredGetsTheLastFour(Kind kind) {
    Peer peer = latePeerWriter(kind);
    Ros2System late = startSystem(Ros2Settings.loopback(domain, "late").withQos(latchedDepth4("/latched")));
    assertEquals(List.of("hello 2", "hello 3", "hello 4", "hello 5"), lastFour(late, peer));
  }

  /** A peer that has written hello 0..5 on a transient-local topic of depth 4 and stays. */
  private Peer latePeerWriter(Kind kind) {
    Peer peer = peer(kind, "pub", "string", "/latched", "6", "0", "--transient-local", "--depth", "4", "--linger", "300");
    peer.awaitLine("sent 6", DISCOVERY);
    return peer;
  }

  private List<String> lastFour(Ros2System late, Peer peer) {
    List<String> got = new CopyOnWriteArrayList<>();
    keep(late.subscribe(new TopicInfo("/latched", STRING), 100, m -> got.add(m.getString("data")))
        .toCompletableFuture().join()::cancel);
    Eventually.await(DISCOVERY, "the history of " + peer, () -> got.size() >= 4, got::toString);
    assertTrue(peer.isAlive(), peer.toString());
    return List.copyOf(got);
  }

  static QosProfiles latchedDepth4(String topic) {
    return QosProfiles.fromConfig(ConfigFactory.parseString(
        "default-profile = default\ntopics { \"" + topic + "\" { profile = latched, depth = 4 } }"));
  }

  // ---------------------------------------------------------------- 5. incompatible QoS

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aBestEffortPeerWriterIsReportedIncompatibleWithOurReliableReaderAndDeliversNothing(Kind kind) {
    system.close();
    system = startSystem(Ros2Settings.loopback(domain, "pyros_interop").withQos(QosProfiles.defaults()
        .withTopic("/be", "default")));
    system.participant().watch(matches);
    List<Message> got = new CopyOnWriteArrayList<>();
    keep(system.subscribe(new TopicInfo("/be", STRING), 100, got::add).toCompletableFuture().join()::cancel);
    // A second subscriber that adapts its QoS to the publisher: it shows the peer publishes.
    Ros2System control = startSystem(Ros2Settings.loopback(domain, "control"));
    List<Message> controlGot = new CopyOnWriteArrayList<>();
    keep(control.subscribe(new TopicInfo("/be", STRING), 100, controlGot::add).toCompletableFuture().join()::cancel);
    Peer peer = peer(kind, "pub", "string", "/be", "0", "50", "--best-effort");

    Eventually.await(DISCOVERY, "our reader reported incompatible with the peer's writer",
        () -> incompatibleWith(system.participant().graph().writersOn("rt/be")), matches::toString);
    assertTrue(incompatibleReasons().get(0).startsWith("reliability"), matches.toString());
    Eventually.await(DISCOVERY, "the control subscriber receiving " + peer, () -> controlGot.size() >= 5);
    assertEquals(List.of(), got);
    assertFalse(matches.matchedWithAny(system.participant().graph().writersOn("rt/be")), matches.toString());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void ourBestEffortWriterIsReportedIncompatibleWithAReliablePeerReaderThatGetsNothing(Kind kind) throws Exception {
    TopicPublisher publisher = advertise("/be", STRING, PublishOptions.DEFAULT.withQosProfile("sensor-data"));
    Peer reliable = peer(kind, "sub", "string", "/be", "1", Long.toString(FLOW.toSeconds()));
    Peer control = peer(kind, "sub", "string", "/be", "5", Long.toString(FLOW.toSeconds()), "--best-effort",
        "--wait-match", "1");
    Eventually.await(DISCOVERY, "our writer reported incompatible with the peer's reliable reader",
        () -> incompatibleWith(system.participant().graph().readersOn("rt/be").stream()
            .filter(r -> r.qos().reliability() == Reliability.RELIABLE).toList()), matches::toString);
    assertTrue(incompatibleReasons().get(0).startsWith("reliability"), matches.toString());
    control.awaitLine("matched 1", DISCOVERY);
    var rate = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    keep(rate::shutdownNow);
    long[] next = {0};
    rate.scheduleAtFixedRate(() -> publisher.publish(content.string(next[0]++)), 0, 20, TimeUnit.MILLISECONDS);
    assertEquals(0, control.awaitExit(FLOW), control.toString());
    assertEquals(5, samples(control).size(), control.toString());
    assertTrue(reliable.isAlive(), reliable.toString());
    assertEquals(List.of(), samples(reliable), reliable.toString());
  }

  private boolean incompatibleWith(List<EndpointData> remotes) {
    return !remotes.isEmpty() && matches.incompatibilities().stream()
        .anyMatch(i -> remotes.stream().anyMatch(r -> r.guid().equals(i.remote())));
  }

  private List<String> incompatibleReasons() {
    return matches.incompatibilities().get(0).reasons();
  }

  // ---------------------------------------------------------------- 6. a killed peer, restarted

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aKilledPeerPublisherLeavesTheGraphWhenItsLeaseRunsOutAndARestartedOneDelivers(Kind kind) {
    Duration lease = Duration.ofSeconds(3);
    Options options = Options.domain(domain).withLease(lease);
    List<GraphSnapshot> graphs = new CopyOnWriteArrayList<>();
    keep(system.watchGraph(graphs::add)::cancel);
    Peer first = keep(DdsPeers.ros2Peer(kind, options, "pub", "string", "/alive", "0", "20"));
    Eventually.await(DISCOVERY, "/alive in the graph", () -> last(graphs).topics().containsKey("/alive"),
        () -> last(graphs).toString());
    assertEquals(new TopicInfo("/alive", STRING), last(graphs).topics().get("/alive"));

    long killedAt = System.nanoTime();
    first.kill();
    Eventually.await(lease.multipliedBy(3), "/alive gone from the graph", () -> !last(graphs).topics()
        .containsKey("/alive"), () -> last(graphs).toString());
    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
    assertTrue(took.compareTo(lease.minusMillis(1500)) >= 0, "dropped before its lease could run out: " + took);
    assertTrue(system.participant().graph().participants().isEmpty(), system.participant().graph().toString());
    assertFalse(system.snapshot().toCompletableFuture().join().topics().containsKey("/alive"));

    // A subscription waiting for a publisher that is gone gets the restarted one.
    List<Message> got = new CopyOnWriteArrayList<>();
    keep(system.subscribe(new TopicInfo("/alive", STRING), 100, got::add).toCompletableFuture().join()::cancel);
    Peer second = keep(DdsPeers.ros2Peer(kind, options, "pub", "string", "/alive", "0", "20"));
    Eventually.await(DISCOVERY, "samples from the restarted " + second, () -> got.size() >= 5, got::toString);
    assertTrue(matches.matchedWithAny(system.participant().graph().writersOn("rt/alive")), matches.toString());
    List<Message> five = got.subList(0, 5);
    long firstIndex = Long.parseLong(five.get(0).getString("data").substring("hello ".length()));
    assertEquals(LongStream.range(firstIndex, firstIndex + 5).mapToObj(content::string).toList(), five);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aKilledPeerSubscriberIsUnmatchedWhenItsLeaseRunsOutAndARestartedOneGetsOurSamples(Kind kind) throws Exception {
    Duration lease = Duration.ofSeconds(3);
    Options options = Options.domain(domain).withLease(lease);
    TopicPublisher publisher = advertise("/alive", STRING, PublishOptions.DEFAULT);
    Peer first = keep(DdsPeers.ros2Peer(kind, options, "sub", "string", "/alive", "0", "300", "--wait-match", "1"));
    awaitPeerReaderMatched(first, "/alive");
    List<EndpointData> firstReaders = system.participant().graph().readersOn("rt/alive");

    first.kill();
    Eventually.await(lease.multipliedBy(3), "the killed reader dropped and unmatched", () -> system.participant()
        .graph().participants().isEmpty() && !matches.matchedWithAny(firstReaders), matches::toString);

    Peer second = keep(DdsPeers.ros2Peer(kind, options, "sub", "string", "/alive", "3", Long.toString(FLOW.toSeconds()),
        "--wait-match", "1"));
    awaitPeerReaderMatched(second, "/alive");
    // Our publisher goes on at its rate; the restarted peer exits 0 once it has three samples in order.
    var rate = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    keep(rate::shutdownNow);
    long[] next = {0};
    rate.scheduleAtFixedRate(() -> publisher.publish(content.string(next[0]++)), 0, 20, TimeUnit.MILLISECONDS);
    assertEquals(0, second.awaitExit(FLOW), second.toString());
    assertEquals(3, samples(second).size(), second.toString());
  }

  private static GraphSnapshot last(List<GraphSnapshot> graphs) {
    return graphs.isEmpty() ? GraphSnapshot.EMPTY : graphs.get(graphs.size() - 1);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Subscribes {@code topic}, starts a peer publishing {@code n} samples at {@code hz} once our
   * reader and its writer are matched both ways, and returns what the subscription received.
   * The peer's writer keeps all {@code n}: a KEEP_LAST writer may drop samples its readers have
   * not acknowledged yet (Cyclone did, announcing a HEARTBEAT whose first sample was past one a
   * busy machine's reader still missed), and reliability promises every sample only within the
   * writer's history.
   */
  private List<Message> fromPeer(Kind kind, String type, String topic, int n, double hz, String... options) {
    List<Message> got = new CopyOnWriteArrayList<>();
    keep(system.subscribe(new TopicInfo(topic, type), 1000, got::add).toCompletableFuture().join()::cancel);
    Peer peer = peer(kind, concat(new String[] {"pub", PeerContent.peerType(type), topic, Integer.toString(n),
        Double.toString(hz), "--depth", Integer.toString(n), "--wait-match", "1", "--wait-stdin"}, options));
    awaitPeerWriterMatched(peer, topic);
    peer.send("go");
    Eventually.await(FLOW, n + " samples", () -> got.size() >= n, () -> got.size() + " so far: " + indexes(got)
        + "; from " + peer);
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

  /** Which samples arrived: the index in each String's text or Header's frame_id. */
  static List<String> indexes(List<Message> got) {
    return got.stream().map(m -> m.type().indexOf("header") >= 0 ? m.getMessage("header").getString("frame_id")
        : m.type().indexOf("data") >= 0 ? m.getString("data") : m.type().name()).toList();
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
