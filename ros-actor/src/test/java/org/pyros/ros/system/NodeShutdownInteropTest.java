package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.system.PublishOptions;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.peer.RosPeer;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcLimits;

/**
 * A node API {@code shutdown} does what it does to a rospy node: {@code rosnode kill} ends the
 * Pyros node (unregistered, node actor stopped), and of two nodes with one name the older one
 * leaves when the master tells it to, so the name settles on the newer one. Against Debian's
 * rosmaster and the embedded master.
 */
class NodeShutdownInteropTest {
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  /** A master of the given kind, and ROS tools against it. */
  private RosPeer master(String kind) throws IOException {
    if (kind.equals("rosmaster")) {
      RosPeer ros = RosPeer.startMaster();
      started.add(ros);
      return ros;
    }
    EmbeddedMaster master = EmbeddedMaster.start();
    started.add(master);
    RosPeer ros = RosPeer.forMaster(master.uri());
    started.add(ros);
    return ros;
  }

  private RosSystem node(URI master, String name, boolean honourShutdown) throws Exception {
    ActorTestKit kit = ActorTestKit.create();
    started.add(kit::shutdownTestKit);
    RosSettings settings = RosSettings.forMaster(name, master).withGraphPollInterval(Duration.ofMillis(100))
        .withShutdownOnRequest(honourShutdown);
    RosSystem ros = RosSystem.start(kit.system(), settings, MessageTypes.fromEnvironment()).toCompletableFuture().get(20, TimeUnit.SECONDS);
    started.add(ros);
    ros.advertise(new TopicInfo("/chatter_" + name.substring(1), "std_msgs/String"), PublishOptions.DEFAULT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    return ros;
  }

  @ParameterizedTest
  @ValueSource(strings = {"rosmaster", "embedded"})
  void rosnodeKillEndsThePyrosNodeAndItsActor(String kind) throws Exception {
    RosPeer ros = master(kind);
    RosNodeFixture pyros = RosNodeFixture.start(ros.masterUri(), "pyros_killed");
    started.add(pyros);
    Interop.retry(Duration.ofSeconds(20), () -> {
      RosPeer.Result list = ros.run("rosnode", "list");
      assertTrue(list.stdout().lines().anyMatch("/pyros_killed"::equals), list.toString());
      return null;
    });
    RosPeer.Result kill = ros.run("rosnode", "kill", "/pyros_killed");
    assertTrue(kill.ok(), kill.toString());
    assertTrue(kill.stdout().contains("killed"), kill.toString());
    pyros.ros.whenClosed().toCompletableFuture().get(20, TimeUnit.SECONDS);
    TestProbe<Object> watcher = pyros.testKit.createTestProbe();
    watcher.expectTerminated(pyros.node, Duration.ofSeconds(20));
    RosPeer.Result list = ros.run("rosnode", "list");
    assertFalse(list.stdout().lines().anyMatch("/pyros_killed"::equals), "the killed node unregistered: " + list);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rosmaster", "embedded"})
  void aNodeConfiguredToStayAnswersShutdownWithAnError(String kind) throws Exception {
    RosPeer ros = master(kind);
    RosSystem stays = node(ros.masterUri(), "/pyros_stays", false);
    String script = "import xmlrpc.client, json, sys\n"
        + "print(json.dumps(xmlrpc.client.ServerProxy(sys.argv[1]).shutdown('/killer', 'user request')))\n";
    RosPeer.Result r = ros.python(script, stays.nodeUri().toString());
    assertTrue(r.ok(), r.toString());
    List<?> answer = new ObjectMapper().readValue(r.stdout(), List.class);
    assertEquals(-1, answer.get(0), r.stdout());
    assertTrue(String.valueOf(answer.get(1)).contains("forbids"), r.stdout());
    assertFalse(stays.whenClosed().toCompletableFuture().isDone());
    MasterClient master = new MasterClient(ros.masterUri(), "/checker", new XmlRpcClient(Duration.ofSeconds(5), Duration.ofSeconds(5), XmlRpcLimits.DEFAULT));
    assertEquals(stays.nodeUri(), master.lookupNode("/pyros_stays").toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rosmaster", "embedded"})
  void ofTwoNodesWithOneNameTheOlderLeavesAndTheNameSettles(String kind) throws Exception {
    RosPeer ros = master(kind);
    MasterClient master = new MasterClient(ros.masterUri(), "/checker", new XmlRpcClient(Duration.ofSeconds(5), Duration.ofSeconds(5), XmlRpcLimits.DEFAULT));
    RosSystem first = node(ros.masterUri(), "/pyros_twin", true);
    assertEquals(first.nodeUri(), master.lookupNode("/pyros_twin").toCompletableFuture().get(10, TimeUnit.SECONDS));
    RosSystem second = node(ros.masterUri(), "/pyros_twin", true);
    first.whenClosed().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertFalse(second.whenClosed().toCompletableFuture().isDone());
    // Watched over 30 of the nodes' 100 ms graph polls: the name stays with the second all along
    // (a first node that stays registers again on its next poll and takes the name back).
    for (int i = 0; i < 30; i++) {
      assertEquals(second.nodeUri(), master.lookupNode("/pyros_twin").toCompletableFuture().get(10, TimeUnit.SECONDS), "look " + i);
      TimeUnit.MILLISECONDS.sleep(100); // pacing the observation, not waiting for an event
    }
    assertFalse(second.whenClosed().toCompletableFuture().isDone());
  }
}
