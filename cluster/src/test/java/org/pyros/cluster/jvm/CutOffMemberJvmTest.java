package org.pyros.cluster.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pyros.cluster.app.ClientMain;
import org.pyros.cluster.app.NodeHostMain;

/**
 * The member hosting the node is cut off (SIGSTOP: frozen, its sockets open, not dead). The
 * others see it unreachable, calls fail at once with UNAVAILABLE, the split brain resolver
 * (keep-majority: two of three) downs it and the node moves. When the frozen member wakes up
 * (SIGCONT) it finds itself downed and leaves: there is never a second node.
 */
class CutOffMemberJvmTest {
  static final Duration START = Duration.ofSeconds(60);
  static final Duration ANSWER = Duration.ofSeconds(10);
  static final List<MemberProcess> processes = new ArrayList<>();

  @AfterAll
  static void stop() {
    processes.forEach(MemberProcess::close);
  }

  static MemberProcess start(String name, Class<?> main, int port, int seed, Path logs) throws Exception {
    MemberProcess p = MemberProcess.start(name, main, port, seed, logs);
    processes.add(p);
    return p;
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aFrozenHostIsDownedAndTheNodeMoves() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "cutoff-jvm-logs"));
    int seed = MemberProcess.freePort();
    MemberProcess hostA = start("cut-hostA", NodeHostMain.class, seed, seed, logs);
    hostA.awaitUp(START);
    MemberProcess hostB = start("cut-hostB", NodeHostMain.class, MemberProcess.freePort(), seed, logs);
    MemberProcess client = start("cut-client", ClientMain.class, MemberProcess.freePort(), seed, logs);
    hostB.awaitUp(START);
    client.awaitUp(START);
    String first = client.request("CALL /sim/echo true", ANSWER);
    for (long deadline = System.nanoTime() + START.toNanos(); !first.startsWith("OK") && System.nanoTime() < deadline; ) {
      Thread.sleep(200); // the client identifies the node after joining
      first = client.request("CALL /sim/echo true", ANSWER);
    }
    assertTrue(first.contains("echo from " + hostA.hostPort()), first);

    hostA.signal("STOP");
    long frozen = System.nanoTime();
    try {
      String answer = client.request("CALL /sim/echo true", ANSWER);
      boolean sawUnavailable = answer.startsWith("ERR UNAVAILABLE");
      for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); !answer.startsWith("OK"); ) {
        assertTrue(System.nanoTime() < deadline, "no answer from a moved node within 60 s; last: " + answer);
        assertTrue(answer.startsWith("ERR UNAVAILABLE") || answer.startsWith("ERR TIMEOUT"), answer);
        sawUnavailable |= answer.startsWith("ERR UNAVAILABLE");
        Thread.sleep(200); // poll interval while the resolver decides and the node moves
        answer = client.request("CALL /sim/echo true", ANSWER);
      }
      long movedMs = (System.nanoTime() - frozen) / 1_000_000;
      System.out.println("[cluster test] node served by B " + movedMs + " ms after its host was frozen");
      assertTrue(answer.contains("echo from " + hostB.hostPort()), answer);
      assertTrue(sawUnavailable, "calls failed fast with UNAVAILABLE while the host was unreachable");
      assertEquals("OK HOSTING true", hostB.request("HOSTING", ANSWER));
    } finally {
      hostA.signal("CONT");
    }
    // Woken up, A learns it was downed and shuts down rather than run a second node.
    assertTrue(hostA.awaitExit(Duration.ofSeconds(60)), "the downed member kept running after SIGCONT");
    assertEquals("OK HOSTING true", hostB.request("HOSTING", ANSWER));
    assertTrue(client.request("CALL /sim/echo true", ANSWER).contains("echo from " + hostB.hostPort()));
  }
}
