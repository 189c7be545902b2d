package org.pyros.ros2.rtps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.Eventually;

/**
 * SPDP by multicast, only inside a network namespace this test creates (its only interface is
 * its own {@code lo}, so nothing can leave the machine): a Pyros participant that knows no
 * unicast peer and a Cyclone DDS or Fast DDS subscriber with multicast on find each other, and the
 * subscriber receives every sample. Needs root (or CAP_NET_ADMIN) for {@code ip netns}.
 */
class MulticastDiscoveryTest {
  private final String namespace = "pyros-mc-" + ProcessHandle.current().pid();
  private final List<Process> processes = new ArrayList<>();
  private final List<Path[]> outputs = new ArrayList<>();
  private boolean created;

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    if (created) {
      run("ip", "netns", "del", namespace);
    }
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aParticipantWithoutUnicastPeersAndAPeerMeetByMulticast(Kind kind) throws Exception {
    assumeTrue(run("ip", "netns", "add", namespace) == 0, "ip netns add needs root");
    created = true;
    assertEquals(0, run("ip", "-n", namespace, "link", "set", "lo", "up"));
    assertEquals(0, run("ip", "-n", namespace, "link", "set", "lo", "multicast", "on"));
    assertEquals(0, run("ip", "-n", namespace, "route", "add", "239.0.0.0/8", "dev", "lo"));

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
    Process probe = start(List.of("ip", "netns", "exec", namespace, java, "-cp", System.getProperty("java.class.path"),
        MulticastProbe.class.getName(), "0", Integer.toString(n)));

    // The probe first, so that the peer's first multicast announcements find its socket open.
    Eventually.await(Duration.ofSeconds(30), "the probe started", () -> output(probe, 0).contains("started"),
        () -> probeOutput(probe));
    // env.sh as for every peer, then the namespace's own configuration: multicast on its lo
    // (Cyclone: a configuration that allows it; Fast DDS: its defaults, which multicast).
    String override = kind == Kind.CYCLONE ? "export CYCLONEDDS_URI=\"file://$1\"" : "unset FASTRTPS_DEFAULT_PROFILES_FILE";
    Process sub = start(List.of("ip", "netns", "exec", namespace, "bash", "-c",
        ". \"$0\" && " + override + " && shift && exec \"$@\"",
        DdsPeers.peerDir().resolve("env.sh").toString(), config.toString(),
        peers.resolve(kind == Kind.CYCLONE ? "cyclone-peer" : "fastdds-peer").toString(), "sub", "/chatter",
        Integer.toString(n), "60"));
    assertEquals(true, sub.waitFor(90, TimeUnit.SECONDS), "the " + kind + " subscriber still runs");
    String out = output(sub, 0);
    String err = output(sub, 1);
    assertEquals(0, sub.exitValue(), out + err + probeOutput(probe));
    assertEquals(IntStream.range(0, n).mapToObj(i -> "hello " + i).toList(), out.lines().toList());
    assertEquals(true, probe.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, probe.exitValue(), probeOutput(probe)); // it received on its multicast socket
  }

  /** Starts a process with its output in files (a pipe nobody reads could block it). */
  private Process start(List<String> command) throws IOException {
    Path out = Files.createTempFile("multicast-test-", ".out");
    Path err = Files.createTempFile("multicast-test-", ".err");
    out.toFile().deleteOnExit();
    err.toFile().deleteOnExit();
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    processes.add(p);
    outputs.add(new Path[] {out, err});
    return p;
  }

  private String output(Process p, int stream) {
    try {
      return Files.readString(outputs.get(processes.indexOf(p))[stream]);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private String probeOutput(Process probe) {
    return " probe: " + output(probe, 0) + output(probe, 1);
  }

}
