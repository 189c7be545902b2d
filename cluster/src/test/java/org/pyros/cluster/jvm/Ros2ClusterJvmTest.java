package org.pyros.cluster.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.cluster.app.ClientMain;
import org.pyros.cluster.app.Ros2NodeHostMain;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.FreeDomain;

/**
 * The node on a ROS 2 graph under the cluster singleton: a client in another JVM subscribes to a
 * Cyclone DDS talker and publishes to a Cyclone listener through the node; when the node's host is
 * killed, the survivor starts a Ros2System of its own, discovers the graph again (there is no
 * master to ask), and the client's subscription delivers the talker's messages again.
 */
class Ros2ClusterJvmTest {
  private static final Duration START = Duration.ofSeconds(40);
  private static final Duration ANSWER = Duration.ofSeconds(8);
  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  private MemberProcess member(String name, Class<?> main, int port, int seed, int domain) throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "cluster-jvm-logs"));
    MemberProcess p = MemberProcess.start(name, main, port, seed, logs, List.of("-Dpyros.ros2.domain-id=" + domain));
    running.add(p);
    return p;
  }

  private <T extends AutoCloseable> T keep(T c) {
    running.add(c);
    return c;
  }

  @Test
  void aRos2NodeMovesToTheSurvivorAndFindsTheGraphAgain() throws Exception {
    int domain = FreeDomain.pick();
    keep(DdsPeers.publisher(Kind.CYCLONE, Options.domain(domain), "/chatter", 1_000_000, 20));
    int seed = MemberProcess.freePort();
    MemberProcess hostA = member("ros2-hostA", Ros2NodeHostMain.class, seed, seed, domain);
    MemberProcess client = member("ros2-client", ClientMain.class, MemberProcess.freePort(), seed, domain);
    hostA.awaitUp(START);
    client.awaitUp(START);

    int from = client.mark();
    subscribeOnceDiscovered(client, "/chatter");
    client.await(from, l -> l.startsWith("EVENT /chatter RECEIVED hello "), ANSWER, "the Cyclone talker's messages");

    // The first publish makes the node's topic, of the type the client publishes (std_msgs/String,
    // which the ROS 2 system writes as std_msgs/msg/String); a listener discovered first would make
    // the node take the topic as std_msgs/msg/String and refuse the client's type.
    assertTrue(client.request("PUB /from_cluster first", ANSWER).startsWith("OK PUB"));
    Peer listener = keep(DdsPeers.subscriber(Kind.CYCLONE, Options.domain(domain), "/from_cluster", 1, 60));
    // Until the listener's reader is matched a latched-less publish may go nowhere: publish until it has one.
    long deadline = System.nanoTime() + START.toNanos();
    while (listener.lines().isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "the Cyclone listener got nothing: " + listener);
      assertTrue(client.request("PUB /from_cluster from-the-cluster", ANSWER).startsWith("OK PUB"));
      Thread.sleep(200); // poll interval while the listener's reader is matched
    }
    assertEquals(0, listener.awaitExit(ANSWER), listener::toString);
    assertEquals(List.of("from-the-cluster"), listener.lines());

    MemberProcess hostB = member("ros2-hostB", Ros2NodeHostMain.class, MemberProcess.freePort(), seed, domain);
    hostB.awaitUp(START);
    assertEquals("OK HOSTING false", hostB.request("HOSTING", ANSWER));
    int beforeKill = client.mark();
    hostA.kill();
    // Messages A sent before it died may still be on their way: count only those after the Gap.
    int gap = client.awaitIndex(beforeKill, l -> l.startsWith("EVENT /chatter GAP"), Duration.ofSeconds(60),
        "a Gap when the node's host dies");
    client.await(gap + 1, l -> l.startsWith("EVENT /chatter RECEIVED hello "), Duration.ofSeconds(60),
        "the talker's messages again, through the node on B");
    assertEquals("OK HOSTING true", hostB.request("HOSTING", ANSWER));
  }

  /** Subscribes as soon as the node's graph has the topic (discovery takes a moment after start). */
  private static void subscribeOnceDiscovered(MemberProcess client, String topic) throws InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    String answer = client.request("SUB " + topic, ANSWER);
    while (!answer.startsWith("OK SUB")) {
      assertTrue(System.nanoTime() < deadline, "could not subscribe to " + topic + ": " + answer);
      Thread.sleep(200); // poll interval while discovery finds the talker
      answer = client.request("SUB " + topic, ANSWER);
    }
  }
}
