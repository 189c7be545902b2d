package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.NetworkNamespace;

/**
 * Reliability with real peers over a lossy network: a Pyros participant (a JVM of its own) and a
 * Cyclone DDS or Fast DDS peer (ros2peer {@code string --size}) both run inside a network
 * namespace of this test whose loopback drops 10 % of UDP datagrams (nftables), so nothing leaves
 * the machine or disturbs other tests. 1 MB samples must arrive whole, each once and in order,
 * repaired by HEARTBEAT, ACKNACK and NACK_FRAG between the two implementations. Needs root
 * (namespaces); skipped without it.
 */
class LossyPeersTest {
  private static final int SIZE = 1 << 20;
  private static final String RULE = "udp dport 7400-7700";
  private static NetworkNamespace ns;
  private final List<Peer> running = new ArrayList<>();

  @BeforeAll
  static void lossyNamespace() {
    Optional<String> why = NetworkNamespace.unavailable();
    Assumptions.assumeTrue(why.isEmpty(), () -> "LossyPeersTest skipped: " + why.orElse(""));
    DdsPeers.buildRos2Peers();
    ns = NetworkNamespace.create("ep");
    ns.nft("table inet loss {\n"
        + "  chain in {\n"
        + "    type filter hook input priority 0;\n"
        + "    " + RULE + " numgen random mod 100 < 10 counter drop\n"
        + "  }\n"
        + "}\n");
  }

  /** Datagrams the namespace dropped so far. */
  private static long dropped() {
    return ns.counterPackets(RULE);
  }

  @AfterAll
  static void removeNamespace() {
    if (ns != null) {
      ns.close();
    }
  }

  @AfterEach
  void stop() {
    for (Peer p : running) {
      p.close();
    }
  }

  private Peer pyros(String... args) {
    List<String> command = new ArrayList<>(ns.launcher());
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), LossyPeerMain.class.getName()));
    command.addAll(List.of(args));
    Peer p = DdsPeers.process("pyros " + String.join(" ", args), command);
    running.add(p);
    return p;
  }

  private Peer peer(Kind kind, String... args) {
    Peer p = DdsPeers.ros2Peer(kind, Options.domain(0).withLauncher(ns.launcher()), args);
    running.add(p);
    return p;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void thePeerGetsEveryOneOfOurSamplesWhole(Kind kind) {
    int n = 10;
    long droppedBefore = dropped();
    Peer sub = peer(kind, "sub", "string", "/big", Integer.toString(n), "90");
    Peer pub = pyros("pub", "0", Integer.toString(n + 1), Integer.toString(SIZE));
    assertEquals(0, sub.awaitExit(Duration.ofSeconds(100)), sub + " / " + pub);
    List<String> lines = sub.lines();
    // A volatile Cyclone reader starts at the last number of the first HEARTBEAT it hears: our
    // writer tells it where it starts ahead of every sample, so even sample 0 survives the loss.
    assertEquals(n, lines.size(), sub.toString());
    for (int i = 0; i < n; i++) {
      // Not assertEquals: a megabyte each in the failure message.
      assertTrue(PeerString.text(i, SIZE).equals(lines.get(i)), "sample " + i + " whole, not: "
          + lines.get(i).substring(0, Math.min(40, lines.get(i).length())) + "... of " + lines.get(i).length());
    }
    assertTrue(dropped() > droppedBefore, "datagrams were lost on the way");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void weGetEveryOneOfThePeersSamplesWholeFromTheFirst(Kind kind) {
    long droppedBefore = dropped();
    Peer sub = pyros("sub", "0", "10", "90");
    Peer pub = peer(kind, "pub", "string", "/big", "60", "5", "--size", Integer.toString(SIZE));
    assertEquals(0, sub.awaitExit(Duration.ofSeconds(100)), sub + " / " + pub);
    assertTrue(sub.lines().stream().filter(l -> l.startsWith("ok ")).count() >= 10, sub.toString());
    assertTrue(dropped() > droppedBefore, "datagrams were lost on the way");
  }
}
