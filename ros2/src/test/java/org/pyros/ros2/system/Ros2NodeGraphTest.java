package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.system.PublishOptions;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;

/**
 * The node graph on ros_discovery_info: Pyros appears as a ROS 2 node with its endpoints to a
 * Cyclone peer speaking either GID form (Humble's 24 bytes, Iron's 16), and names the peer's
 * node behind its topic; another Pyros sees it too; a peer that dies leaves the graph.
 */
class Ros2NodeGraphTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final List<Ros2System> systems = new ArrayList<>();
  private final List<Peer> peers = new ArrayList<>();

  @AfterEach
  void stop() {
    peers.forEach(Peer::close);
    systems.forEach(Ros2System::close);
  }

  private Ros2System start(int domain, String node) {
    Ros2System s = Ros2System.start(Ros2Settings.loopback(domain, node));
    systems.add(s);
    return s;
  }

  private Peer peer(String form, Options options, String name, String topic) {
    Peer p = DdsPeers.graphPeer(form, options, "/", name, topic);
    peers.add(p);
    p.awaitLine("ready", WAIT);
    return p;
  }

  @Test
  void anIronPeerAndPyrosSeeEachOthersNodes() throws Exception {
    seeEachOther("iron");
  }

  @Test
  void aHumblePeerReadsPyrosInItsOwnGidForm() throws Exception {
    // The Humble peer can only decode 24-byte GIDs: its line about our node proves we switched.
    seeEachOther("humble");
  }

  private void seeEachOther(String form) throws Exception {
    int domain = FreeDomain.pick();
    Ros2System pyros = start(domain, "pyros_graph");
    pyros.advertise(new TopicInfo("/pyros_out", "std_msgs/msg/String"), PublishOptions.DEFAULT)
        .toCompletableFuture().get();
    Peer talker = peer(form, Options.domain(domain), "talker", "/chatter");

    Supplier<NodeInfo> talkerNode = () -> pyros.snapshot().toCompletableFuture().join().nodes().get("/talker");
    Eventually.await(WAIT, "Pyros names /talker as the publisher of /chatter",
        () -> talkerNode.get() != null && talkerNode.get().publications().equals(List.of("/chatter")),
        () -> "nodes: " + pyros.snapshot().toCompletableFuture().join().nodes());
    String line = talker.awaitLineStarting("node / pyros_graph ", WAIT);
    // Our node's endpoints: its five parameter services (a request reader and a reply writer
    // each), /parameter_events and /pyros_out.
    assertTrue(line.contains("readers=5 writers=7"), line);

    NodeInfo ours = pyros.snapshot().toCompletableFuture().join().nodes().get("/pyros_graph");
    assertEquals(List.of("/parameter_events", "/pyros_out"), ours.publications());
  }

  @Test
  void anotherPyrosSeesOurNodeAndAPeerThatDiesLeaves() throws Exception {
    int domain = FreeDomain.pick();
    Ros2System a = start(domain, "node_a");
    Ros2System b = start(domain, "node_b");
    a.subscribe(new TopicInfo("/to_a", "std_msgs/msg/String"), 10, m -> { }).toCompletableFuture().get();
    Eventually.await(WAIT, "b sees node_a subscribing /to_a", () -> {
      NodeInfo n = b.snapshot().toCompletableFuture().join().nodes().get("/node_a");
      return n != null && n.subscriptions().equals(List.of("/to_a"));
    }, () -> "nodes: " + b.snapshot().toCompletableFuture().join().nodes());

    Peer doomed = peer("iron", Options.domain(domain).withLease(Duration.ofSeconds(2)), "doomed", "/doomed_out");
    Eventually.await(WAIT, "a sees /doomed",
        () -> a.snapshot().toCompletableFuture().join().nodes().containsKey("/doomed"));
    doomed.kill();
    Eventually.await(WAIT, "/doomed leaves a's graph when its lease expires",
        () -> !a.snapshot().toCompletableFuture().join().nodes().containsKey("/doomed"),
        () -> "nodes: " + a.snapshot().toCompletableFuture().join().nodes());
  }
}
