package org.pyros.ros2.rtps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.NetworkNamespace;
import org.pyros.ros2.peer.TestResources;

/**
 * SPDP by multicast, only inside a network namespace this test creates (its only interface is
 * its own {@code lo}, so nothing can leave the machine): a Pyros participant that knows no
 * unicast peer and a Cyclone DDS or Fast DDS subscriber with multicast on find each other, and the
 * subscriber receives every sample. Needs root (or CAP_NET_ADMIN) for {@code ip netns}.
 */
class MulticastDiscoveryTest {
  private final TestResources resources = new TestResources();

  @AfterEach
  void tearDown() throws Exception {
    resources.close();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aParticipantWithoutUnicastPeersAndAPeerMeetByMulticast(Kind kind) throws Exception {
    Optional<String> why = NetworkNamespace.unavailable();
    assumeTrue(why.isEmpty(), () -> "MulticastDiscoveryTest skipped: " + why.orElse(""));
    NetworkNamespace ns = resources.keep(NetworkNamespace.create("mc"));
    ns.loopbackMulticast();

    int n = 20;
    Path peers = DdsPeers.build();
    Path config = Files.createTempFile("cyclone-multicast-", ".xml");
    config.toFile().deleteOnExit();
    Files.writeString(config, """
        <CycloneDDS xmlns="https://cdds.io/config"><Domain id="any"><General>
          <Interfaces><NetworkInterface name="lo" multicast="true"/></Interfaces>
          <AllowMulticast>true</AllowMulticast>
        </General></Domain></CycloneDDS>
        """);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Peer probe = resources.keep(DdsPeers.process("multicast probe", inside(ns, java, "-cp", System.getProperty("java.class.path"),
        MulticastProbe.class.getName(), "0", Integer.toString(n))));

    // The probe first, so that the peer's first multicast announcements find its socket open.
    probe.awaitLine("started", Duration.ofSeconds(30));
    // env.sh as for every peer, then the namespace's own configuration: multicast on its lo
    // (Cyclone: a configuration that allows it; Fast DDS: its defaults, which multicast).
    String override = kind == Kind.CYCLONE ? "export CYCLONEDDS_URI=\"file://$1\"" : "unset FASTRTPS_DEFAULT_PROFILES_FILE";
    Peer sub = resources.keep(DdsPeers.process(kind + " subscriber", inside(ns, "bash", "-c",
        ". \"$0\" && " + override + " && shift && exec \"$@\"",
        DdsPeers.peerDir().resolve("env.sh").toString(), config.toString(),
        peers.resolve(kind == Kind.CYCLONE ? "cyclone-peer" : "fastdds-peer").toString(), "sub", "/chatter",
        Integer.toString(n), "60")));
    assertEquals(0, sub.awaitExit(Duration.ofSeconds(90)), sub + " / " + probe + " " + probe.lines());
    assertEquals(IntStream.range(0, n).mapToObj(i -> "hello " + i).toList(), sub.lines());
    // It received on its multicast socket.
    assertEquals(0, probe.awaitExit(Duration.ofSeconds(60)), probe + " " + probe.lines());
  }

  private static List<String> inside(NetworkNamespace ns, String... command) {
    List<String> all = new ArrayList<>(ns.launcher());
    all.addAll(List.of(command));
    return all;
  }
}
