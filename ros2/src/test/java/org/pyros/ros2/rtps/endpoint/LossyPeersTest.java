package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pyros.ros2.peer.DdsPeers.Kind;

/**
 * Reliability with real peers over a lossy network: a Pyros participant (a JVM of its own) and a
 * Cyclone DDS or Fast DDS peer both run inside a network namespace of this test whose loopback
 * drops 5 % of UDP datagrams (nftables), so nothing leaves the machine or disturbs other tests.
 * 1 MB samples must arrive whole, each once and in order, repaired by HEARTBEAT, ACKNACK and
 * NACK_FRAG between the two implementations. Needs root (namespaces); skipped without it.
 */
class LossyPeersTest {
  private static final String NS = "pyros-ep-" + ProcessHandle.current().pid();
  private static final int SIZE = 1 << 20;
  private static boolean created;
  private final List<BigStringPeers.Peer> running = new ArrayList<>();

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " hangs");
    }
    if (p.exitValue() != 0) {
      System.out.println(String.join(" ", command) + ": " + out);
    }
    return p.exitValue();
  }

  @BeforeAll
  static void lossyNamespace() throws Exception {
    Assumptions.assumeTrue(run("sh", "-c", "[ \"$(id -u)\" -eq 0 ] && command -v nft && command -v ip") == 0,
        "needs root, nft and ip");
    BigStringPeers.build();
    assertEquals(0, run("ip", "netns", "add", NS));
    created = true;
    assertEquals(0, run("ip", "-n", NS, "link", "set", "lo", "up"));
    assertEquals(0, run("ip", "netns", "exec", NS, "nft", "add", "table", "inet", "loss"));
    assertEquals(0, run("ip", "netns", "exec", NS, "nft", "add", "chain", "inet", "loss", "in",
        "{ type filter hook input priority 0; }"));
    assertEquals(0, run("ip", "netns", "exec", NS, "nft", "add", "rule", "inet", "loss", "in", "udp", "dport",
        "7400-7700", "numgen", "random", "mod", "100", "<", "5", "counter", "drop"));
  }

  /** Datagrams the namespace dropped so far. */
  private static long dropped() throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "exec", NS, "nft", "list", "chain", "inet", "loss", "in")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    Matcher m = Pattern.compile("packets (\\d+)").matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  @AfterAll
  static void removeNamespace() throws Exception {
    if (created) {
      run("ip", "netns", "del", NS);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (BigStringPeers.Peer p : running) {
      p.close();
    }
  }

  private BigStringPeers.Peer pyros(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", NS,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), LossyPeerMain.class.getName()));
    command.addAll(List.of(args));
    BigStringPeers.Peer p = BigStringPeers.process("pyros " + String.join(" ", args), command);
    running.add(p);
    return p;
  }

  private BigStringPeers.Peer peer(Kind kind, String... args) {
    BigStringPeers.Peer p = BigStringPeers.startIn(List.of("ip", "netns", "exec", NS), kind, 0, args);
    running.add(p);
    return p;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void thePeerGetsEveryOneOfOurSamplesWhole(Kind kind) throws Exception {
    int n = 10;
    long droppedBefore = dropped();
    BigStringPeers.Peer sub = peer(kind, "sub", "/big", Integer.toString(n), "90");
    BigStringPeers.Peer pub = pyros("pub", "0", Integer.toString(n), Integer.toString(SIZE));
    assertEquals(0, sub.awaitExit(Duration.ofSeconds(100)), sub + " / " + pub);
    List<String> lines = sub.lines();
    for (int i = 0; i < n; i++) {
      assertEquals(("hello " + i + " x" + (char) ('a' + i % 26)).substring(0, 10) + " len=" + SIZE + " uniform=1",
          lines.get(i));
    }
    assertTrue(dropped() > droppedBefore, "datagrams were lost on the way");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void weGetEveryOneOfThePeersSamplesWholeFromTheFirst(Kind kind) throws Exception {
    long droppedBefore = dropped();
    BigStringPeers.Peer sub = pyros("sub", "0", "10", "90");
    BigStringPeers.Peer pub = peer(kind, "pub", "/big", "60", "5", Integer.toString(SIZE));
    assertEquals(0, sub.awaitExit(Duration.ofSeconds(100)), sub + " / " + pub);
    assertTrue(sub.lines().stream().filter(l -> l.startsWith("ok ")).count() >= 10, sub.toString());
    assertTrue(dropped() > droppedBefore, "datagrams were lost on the way");
  }
}
