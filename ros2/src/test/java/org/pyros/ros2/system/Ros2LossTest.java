package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.NetworkNamespace;
import org.pyros.ros2.rtps.transport.PortMapping;

/**
 * Reliable topics under loss: a network namespace of the test's own whose nftables drop 5 % of
 * the RTPS datagrams at random, a Pyros JVM ({@link LossNode}, with a small heap) and a real DDS
 * peer (the ros2peer programs) inside it, samples both ways. Every sample must arrive exactly
 * once and in order, small ones and fragmented 1 MB images, and the Pyros heap must stay bounded.
 */
class Ros2LossTest {
  /** Inside the namespace nothing else runs: domain 0, whose ports all lie in the dropped range. */
  static final int DOMAIN = 0;
  static final int DROP_PERCENT = 5;
  static final int FIRST_PORT = 7400;
  static final int LAST_PORT = 7600;
  static final String RULE = "udp dport " + FIRST_PORT + "-" + LAST_PORT;
  static final String TOPIC = "/loss";
  static final int STRINGS = 2000;
  static final int IMAGES = 30;
  static final Duration TRANSFER = Duration.ofSeconds(90);

  NetworkNamespace ns;
  String name;
  Process capture;
  /** The Pyros JVM of the scenario, whose output is kept when it fails. */
  Peer pyrosJvm;
  Path capturePath;
  boolean passed;
  final List<AutoCloseable> running = new ArrayList<>();

  @BeforeAll
  static void rootAndTools() {
    Optional<String> why = NetworkNamespace.unavailable();
    Assumptions.assumeTrue(why.isEmpty(), () -> "Ros2LossTest skipped: " + why.orElse(""));
    // The peers' and ours: domain 0's SPDP port up to the highest participant index we try.
    PortMapping m = PortMapping.DEFAULT;
    assertTrue(m.spdpMulticast(DOMAIN) >= FIRST_PORT && m.userUnicast(DOMAIN, 19) <= LAST_PORT,
        "domain " + DOMAIN + "'s ports lie outside " + RULE);
    DdsPeers.buildRos2Peers();
  }

  @BeforeEach
  void lossyNamespace(TestInfo info) {
    name = info.getTestMethod().map(m -> m.getName()).orElse("?") + " " + info.getDisplayName();
    ns = NetworkNamespace.create("loss");
    ns.nft("table inet pyros_loss {\n"
        + "  chain input {\n"
        + "    type filter hook input priority 0;\n"
        + "    " + RULE + " counter\n"
        + "    " + RULE + " numgen random mod 100 < " + DROP_PERCENT + " counter drop\n"
        + "  }\n"
        + "}\n");
    startCapture();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (!passed) {
      if (pyrosJvm != null) {
        Path out = Path.of("target", "loss-" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".out").toAbsolutePath();
        List<String> all = new ArrayList<>(pyrosJvm.lines());
        all.addAll(pyrosJvm.errorLines());
        Files.write(out, all);
        System.out.println(name + ": the Pyros JVM's output is in " + out);
      }
    }
    for (AutoCloseable c : running) {
      c.close();
    }
    running.clear();
    if (capture != null) {
      capture.destroy();
      capture.waitFor(10, TimeUnit.SECONDS);
      if (passed) {
        Files.deleteIfExists(capturePath);
      } else {
        System.out.println(name + ": the traffic (datagrams the rule dropped included) is in " + capturePath);
      }
    }
    if (ns != null) {
      ns.close();
    }
  }

  /** Records the namespace's RTPS traffic (headers and submessage starts) for a failure to be read with tshark. */
  private void startCapture() {
    Optional<Path> tcpdump = Stream.of("/usr/bin/tcpdump", "/usr/sbin/tcpdump").map(Path::of)
        .filter(Files::isExecutable).findFirst();
    if (tcpdump.isEmpty()) {
      return;
    }
    capturePath = Path.of("target", "loss-" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".pcap").toAbsolutePath();
    List<String> command = new ArrayList<>(ns.launcher());
    command.addAll(List.of(tcpdump.get().toString(), "-i", "lo", "-s", "256", "-w", capturePath.toString(), "udp"));
    try {
      capture = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      capture = null;
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void stringsFromPeerToPyros(Kind kind) {
    peerToPyros(kind, "string", STRINGS);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void imagesFromPeerToPyros(Kind kind) {
    peerToPyros(kind, "image", IMAGES);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void stringsFromPyrosToPeer(Kind kind) {
    pyrosToPeer(kind, "string", STRINGS);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void imagesFromPyrosToPeer(Kind kind) {
    pyrosToPeer(kind, "image", IMAGES);
  }

  private void peerToPyros(Kind kind, String type, int n) {
    Peer pyros = pyros("sub", type, n);
    Peer peer = keep(DdsPeers.ros2Peer(kind, peerOptions(), "pub", type, TOPIC, Integer.toString(n), "0",
        "--depth", Integer.toString(n), "--wait-match", "1", "--wait-stdin", "--linger", "120"));
    awaitMatched(pyros, peer);
    peer.send("go");
    String received = pyros.awaitLineStarting("received ", TRANSFER);
    assertEquals("received count=" + n + " bad=0 order=0", received, () -> "Pyros: " + pyros);
    assertClean(pyros);
    finish(pyros, 0);
  }

  private void pyrosToPeer(Kind kind, String type, int n) {
    Peer pyros = pyros("pub", type, n);
    Peer peer = keep(DdsPeers.ros2Peer(kind, peerOptions(), "sub", type, TOPIC, Integer.toString(n),
        Long.toString(TRANSFER.toSeconds() + 30), "--depth", Integer.toString(n), "--wait-match", "1", "--report"));
    awaitMatched(pyros, peer);
    pyros.send("go");
    int exit = peer.awaitExit(TRANSFER.plusSeconds(40));
    List<String> report = peer.lines().stream().filter(l -> l.startsWith("report ")).toList();
    assertEquals(0, exit, () -> "the peer did not get every sample intact and in order: " + peer + " " + peer.lines());
    assertEquals(1, report.size(), peer::toString);
    assertTrue(report.get(0).startsWith("report count=" + n + " ") && report.get(0).endsWith(" bad=0 order=0"),
        report::toString);
    assertTrue(peer.lines().stream().noneMatch(l -> l.startsWith("BAD") || l.startsWith("ORDER")), peer.lines()::toString);
    assertClean(pyros);
    // The writer keeps its history (depth n) until it closes: that much, and no more, stays on the heap.
    finish(pyros, (long) n * (type.equals("image") ? PeerContent.IMAGE_BYTES : 256));
  }

  /** Both sides matched each other, every port either listens on lies in the dropped range. */
  private void awaitMatched(Peer pyros, Peer peer) {
    String ours = pyros.awaitLineStarting("ports ", Duration.ofSeconds(30));
    String theirs = pyros.awaitLineStarting("matched ", Duration.ofSeconds(30));
    peer.awaitLine("matched 1", Duration.ofSeconds(30));
    for (String line : List.of(ours, theirs)) {
      int[] ports = Arrays.stream(line.substring(line.indexOf(' ') + 1).trim().split(" ")).mapToInt(Integer::parseInt)
          .toArray();
      assertTrue(ports.length > 0 && Arrays.stream(ports).allMatch(p -> p >= FIRST_PORT && p <= LAST_PORT),
          () -> "ports outside " + RULE + ": " + line);
    }
  }

  private static void assertClean(Peer pyros) {
    assertTrue(pyros.lines().stream().noneMatch(l -> l.startsWith("BAD") || l.startsWith("ORDER")), pyros::toString);
  }

  /**
   * Ends the Pyros JVM; its heap after a full GC stays within a baseline plus twice what it keeps
   * by design (G1 stores an object of a region or more in whole regions: a 1 MB sample takes 2 MB).
   */
  private void finish(Peer pyros, long keptByDesign) {
    long all = ns.counterPackets(RULE + " counter");
    long dropped = ns.counterPackets("numgen");
    // With hundreds of datagrams, none dropped would mean the rule does not work (0.95^300 < 1e-6).
    assertTrue(all >= 300 && dropped > 0, () -> "the rule dropped " + dropped + " of " + all + ":\n" + ns.ruleset());
    pyros.send("end");
    String heap = pyros.awaitLineStarting("heap used=", Duration.ofSeconds(30));
    long used = Long.parseLong(heap.substring("heap used=".length()));
    long bound = (32L << 20) + 2 * keptByDesign;
    assertTrue(used < bound, () -> "Pyros heap after GC " + used + " bytes, more than " + bound);
    assertEquals(0, pyros.awaitExit(Duration.ofSeconds(30)), pyros::toString);
    passed = true;
    System.out.println(name + ": " + dropped + " of " + all + " datagrams dropped; Pyros heap after GC " + (used >> 20)
        + " MB");
  }

  private Options peerOptions() {
    return Options.domain(DOMAIN).withLauncher(ns.launcher());
  }

  private Peer pyros(String mode, String type, int n) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(ns.launcher());
    command.addAll(List.of("env", "ROS_DOMAIN_ID=" + DOMAIN, java.toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), LossNode.class.getName(), mode, type, TOPIC, Integer.toString(n)));
    pyrosJvm = keep(DdsPeers.process("LossNode " + mode + " " + type, command));
    return pyrosJvm;
  }

  private <T extends AutoCloseable> T keep(T c) {
    running.add(c);
    return c;
  }
}
