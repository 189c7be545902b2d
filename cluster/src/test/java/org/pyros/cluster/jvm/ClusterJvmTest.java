package org.pyros.cluster.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pyros.cluster.app.ClientMain;
import org.pyros.cluster.app.NodeHostMain;

/**
 * A real cluster of separate JVMs on loopback: node host A (the first seed) and clients C1, C2;
 * later a late client C3 and a second node host B, which takes the node over when A is killed.
 * The tests run in order on that one cluster, to keep the JVM count (and the run time) low. The
 * members run with the failure detector and downing timings pyros-cluster ships.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterJvmTest {
  static final Duration START = Duration.ofSeconds(40);
  static final Duration ANSWER = Duration.ofSeconds(8);
  /** A call's own timeout in the members ({@code pyros.ask-timeout} of MemberProcess). */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
  /** Allowance over a call's timeout for the console round trip on a loaded machine. */
  static final Duration MARGIN = Duration.ofSeconds(2);
  /** Pace of the calls during a failover, as a client calling steadily would make them. */
  static final long CALL_EVERY_MS = 250;
  static final List<MemberProcess> processes = new ArrayList<>();
  static Path logs;
  static MemberProcess hostA;
  static MemberProcess client1;
  static MemberProcess client2;

  @BeforeAll
  static void startCluster() throws Exception {
    logs = Files.createDirectories(Path.of("target", "cluster-jvm-logs"));
    int seed = MemberProcess.freePort();
    hostA = start("hostA", NodeHostMain.class, seed, seed);
    client1 = start("client1", ClientMain.class, MemberProcess.freePort(), seed);
    client2 = start("client2", ClientMain.class, MemberProcess.freePort(), seed);
    hostA.awaitUp(START);
    client1.awaitUp(START);
    client2.awaitUp(START);
  }

  static MemberProcess start(String name, Class<?> main, int port, int seed) throws Exception {
    MemberProcess p = MemberProcess.startWithShippedTimings(name, main, port, seed, logs);
    processes.add(p);
    return p;
  }

  @AfterAll
  static void stopCluster() {
    processes.forEach(MemberProcess::close);
  }

  static void assertOk(String answer, String what) {
    assertTrue(answer.startsWith("OK " + what), answer);
  }

  /** Waits until {@code member}'s requests take a request link; its answer ("OK LINK host:port"). */
  static String awaitLink(MemberProcess member) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String link = member.request("LINK", ANSWER);
    while (link.equals("OK LINK none")) {
      assertTrue(System.nanoTime() < deadline, member + " opened no request link to the node's host within 20 s");
      Thread.sleep(100); // poll interval while the link opens
      link = member.request("LINK", ANSWER);
    }
    assertTrue(link.startsWith("OK LINK 127.0.0.1:"), link);
    return link;
  }

  @Test
  @Order(1)
  void threeJvmsShareOneNode() throws InterruptedException {
    // Requests from the clients go over request links to A; A itself asks its node in-process.
    String linkA = awaitLink(client1);
    assertEquals(linkA, awaitLink(client2));
    assertEquals("OK LINK none", hostA.request("LINK", ANSWER));

    // The first publish creates the topic; then both clients subscribe and both publish.
    assertOk(client1.request("PUB /chat first", ANSWER), "PUB");
    assertOk(client1.request("SUB /chat", ANSWER), "SUB");
    assertOk(client2.request("SUB /chat", ANSWER), "SUB");
    int from1 = client1.mark();
    int from2 = client2.mark();
    assertOk(client1.request("PUB /chat hello-from-c1", ANSWER), "PUB");
    assertOk(client2.request("PUB /chat hello-from-c2", ANSWER), "PUB");
    for (MemberProcess c : List.of(client1, client2)) {
      int from = c == client1 ? from1 : from2;
      c.await(from, l -> l.equals("EVENT /chat RECEIVED hello-from-c1"), ANSWER, "with c1's message");
      c.await(from, l -> l.equals("EVENT /chat RECEIVED hello-from-c2"), ANSWER, "with c2's message");
    }

    // Data the node host's simulation publishes reaches both clients.
    int tick1 = client1.mark();
    int tick2 = client2.mark();
    assertOk(client1.request("SUB /sim/tick", ANSWER), "SUB");
    assertOk(client2.request("SUB /sim/tick", ANSWER), "SUB");
    String fromA = "from " + hostA.hostPort();
    client1.await(tick1, l -> l.startsWith("EVENT /sim/tick RECEIVED tick") && l.endsWith(fromA), ANSWER, "tick from A");
    client2.await(tick2, l -> l.startsWith("EVENT /sim/tick RECEIVED tick") && l.endsWith(fromA), ANSWER, "tick from A");

    // A service call, and params set by one client and read by the other.
    String call = client2.request("CALL /sim/echo true", ANSWER);
    assertOk(call, "CALL");
    assertTrue(call.contains("\"success\":true") && call.contains("echo from " + hostA.hostPort()), call);
    assertOk(client1.request("SETPARAM /shared/answer 42", ANSWER), "SETPARAM");
    assertEquals("OK GETPARAM 42", client2.request("GETPARAM /shared/answer", ANSWER));
    assertOk(client2.request("SETPARAM /shared/answer 43", ANSWER), "SETPARAM");
    assertEquals("OK GETPARAM 43", client1.request("GETPARAM /shared/answer", ANSWER));

    // Both see the same graph.
    String topics = client1.request("TOPICS", ANSWER);
    assertEquals("OK TOPICS /chat,/sim/tick", topics);
    assertEquals(topics, client2.request("TOPICS", ANSWER));
    assertEquals(client1.request("SERVICES", ANSWER), client2.request("SERVICES", ANSWER));

    // Exactly one node: in A.
    assertEquals("OK HOSTING true", hostA.request("HOSTING", ANSWER));
    assertEquals("OK HOSTING false", client1.request("HOSTING", ANSWER));
    assertEquals("OK HOSTING false", client2.request("HOSTING", ANSWER));
    assertEquals(linkA, client1.request("LINK", ANSWER), "the link stayed open throughout");
  }

  @Test
  @Order(2)
  void lateClientSeesTheExposedInterfaces() throws Exception {
    try (MemberProcess late = start("client3", ClientMain.class, MemberProcess.freePort(), hostA.port)) {
      late.awaitUp(START);
      assertEquals("OK TOPICS /chat,/sim/tick", late.request("TOPICS", ANSWER));
      assertEquals("OK SERVICES /sim/echo", late.request("SERVICES", ANSWER));
      assertEquals("OK GETPARAM 43", late.request("GETPARAM /shared/answer", ANSWER));
      String params = late.request("PARAMS", ANSWER);
      assertTrue(params.contains("/shared/answer") && params.contains("/sim/rate_hz"), params);
      assertEquals("OK HOSTING false", late.request("HOSTING", ANSWER));

      // A client that terminates its own actor system is not told that the node moved.
      int subscribed = late.mark();
      assertOk(late.request("SUB /sim/tick", ANSWER), "SUB");
      late.await(subscribed, l -> l.startsWith("EVENT /sim/tick RECEIVED"), ANSWER, "a tick");
      assertEquals("OK QUIT", late.request("QUIT", ANSWER));
      assertTrue(late.awaitExit(START), "the client did not exit after QUIT");
      for (int i = subscribed; i < late.mark(); i++) {
        assertFalse(late.line(i).startsWith("EVENT /sim/tick GAP"), "told of a move while leaving: " + late.line(i));
      }
    }
  }

  @Test
  @Order(3)
  void unserializableValueFailsAtTheSender() {
    long start = System.nanoTime();
    String answer = client1.request("SETPARAM_UNSERIALIZABLE /shared/bad", ANSWER);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(answer.startsWith("ERR BAD_MESSAGE"), answer);
    assertTrue(answer.contains("java.util.UUID") && answer.contains("not registered"), answer);
    assertTrue(ms < 2000, "answered in " + ms + " ms, not by a timeout");
    assertEquals("OK GETPARAM <none>", client2.request("GETPARAM /shared/bad", ANSWER));
  }

  @Test
  @Order(4)
  void nodeMovesToASurvivorWhenItsHostIsKilled() throws Exception {
    MemberProcess hostB = start("hostB", NodeHostMain.class, MemberProcess.freePort(), hostA.port);
    hostB.awaitUp(START);
    assertEquals("OK HOSTING false", hostB.request("HOSTING", ANSWER), "A, the oldest, keeps the node");
    int ticks = client1.mark();
    int chat = client2.mark();
    // A service provided by client 1, through the node, to client 2.
    assertOk(client1.request("PROVIDE /c1/flag", ANSWER), "PROVIDE");
    String providedBy = "provided by " + client1.hostPort();
    String provided = client2.request("CALL /c1/flag true", ANSWER);
    assertTrue(provided.startsWith("OK") && provided.contains(providedBy), provided);

    String linkBeforeKill = awaitLink(client2);
    long killed = System.nanoTime();
    hostA.kill();

    // A client calls steadily from the kill on. No call waits for the dead host: each is answered
    // within its own timeout (plus the console's margin), failing with UNAVAILABLE while the node
    // moves, until B serves it; then calls keep succeeding.
    String fromB = "echo from " + hostB.hostPort();
    List<String> timeline = new ArrayList<>();
    long deadline = killed + Duration.ofSeconds(45).toNanos();
    long servedAfterMs = -1;
    while (servedAfterMs < 0) {
      assertTrue(System.nanoTime() < deadline, "no successful call within 45 s of the kill; timeline: " + timeline);
      long sent = System.nanoTime();
      String answer = client2.request("CALL /sim/echo true", CALL_TIMEOUT.plus(MARGIN));
      long tookMs = (System.nanoTime() - sent) / 1_000_000;
      timeline.add(String.format("%6d ms after the kill, answered in %4d ms: %s", (sent - killed) / 1_000_000, tookMs,
          answer.length() > 90 ? answer.substring(0, 90) + "..." : answer));
      if (answer.startsWith("OK")) {
        assertTrue(answer.contains(fromB), answer);
        servedAfterMs = (System.nanoTime() - killed) / 1_000_000;
      } else {
        assertTrue(answer.startsWith("ERR UNAVAILABLE"), "during the move a call fails at once with UNAVAILABLE, not: " + answer
            + "; timeline: " + timeline);
        Thread.sleep(Math.max(0, CALL_EVERY_MS - tookMs)); // the client's pace
      }
    }
    timeline.forEach(t -> System.out.println("[cluster test] failover: " + t));
    System.out.println("[cluster test] node served again " + servedAfterMs + " ms after kill -9 of its host ("
        + (timeline.size() - 1) + " calls failed with UNAVAILABLE meanwhile)");
    for (int i = 0; i < 5; i++) {
      String after = client2.request("CALL /sim/echo true", CALL_TIMEOUT.plus(MARGIN));
      assertTrue(after.startsWith("OK") && after.contains(fromB), "call " + i + " after the move: " + after);
    }

    assertEquals("OK HOSTING true", hostB.request("HOSTING", ANSWER));
    assertEquals("OK HOSTING false", client1.request("HOSTING", ANSWER));
    assertEquals("OK HOSTING false", client2.request("HOSTING", ANSWER));
    // The clients' requests take a link to B now (A's closed with A).
    String linkB = awaitLink(client2);
    assertTrue(!linkB.equals(linkBeforeKill), linkB + " is still the link to A");

    // The service client 1 provides is provided again on B, without client 1 doing anything.
    long provideDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String again = client2.request("CALL /c1/flag true", ANSWER);
    while (!again.startsWith("OK")) {
      assertTrue(System.nanoTime() < provideDeadline, "the provided service did not come back on B: " + again);
      Thread.sleep(200); // poll interval while the node learns the service again
      again = client2.request("CALL /c1/flag true", ANSWER);
    }
    assertTrue(again.contains(providedBy), again);

    // Subscriptions resume with a gap event first.
    int gap = client1.awaitIndex(ticks, l -> l.startsWith("EVENT /sim/tick GAP"), ANSWER, "gap on /sim/tick");
    client1.await(gap, l -> l.startsWith("EVENT /sim/tick RECEIVED") && l.endsWith("from " + hostB.hostPort()), Duration.ofSeconds(20),
        "tick from B after the gap");
    String gaps = client1.request("METER pyros.topic.gaps /sim/tick", ANSWER);
    assertTrue(gaps.startsWith("OK METER ") && Double.parseDouble(gaps.substring("OK METER ".length())) >= 1, gaps);
    // /chat is not in B's fresh graph until someone publishes: the subscription waits, then resumes.
    int chatGap = client2.awaitIndex(chat, l -> l.startsWith("EVENT /chat GAP"), ANSWER, "gap on /chat");
    // Publish until the resumed subscription delivers (it retries with backoff meanwhile).
    long chatDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    boolean received = false;
    for (int n = 0; !received; n++) {
      assertTrue(System.nanoTime() < chatDeadline, "the /chat subscription did not resume within 20 s");
      assertOk(client1.request("PUB /chat after-the-move-" + n, ANSWER), "PUB");
      try {
        client2.await(chatGap, l -> l.startsWith("EVENT /chat RECEIVED after-the-move-"), Duration.ofMillis(500), "chat after the move");
        received = true;
      } catch (AssertionError notYet) {
        // not resubscribed yet: publish again
      }
    }
  }
}
