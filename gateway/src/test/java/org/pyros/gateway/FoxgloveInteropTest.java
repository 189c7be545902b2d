package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.testkit.EmbeddedRosBackend;
import org.pyros.testkit.PyrosTestKit;

/**
 * Foxglove's own WebSocket client ({@code @foxglove/ws-protocol} from npm) in Node.js against the
 * gateway in front of a Pyros node on a real ROS 1 graph (the embedded master) with a rospy peer:
 * it sees the channels with their ros1msg schemas, decodes rospy's messages with them, publishes
 * what rospy echoes, calls a rospy service and sets and gets a param.
 */
class FoxgloveInteropTest {
  private PyrosTestKit kit;
  private Gateway gateway;
  private Path scratch;

  @BeforeEach
  void start() throws Exception {
    NpmClients.install();
    scratch = Files.createTempDirectory("gateway-foxglove-");
    kit = PyrosTestKit.embeddedRos(PyrosTestKit.EVERYTHING);
    GatewaySettings settings = GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0);
    gateway = Gateway.start(kit.system(), kit.client(), kit.node(), settings).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (kit != null) {
      kit.close();
    }
  }

  @Test
  void foxgloveClientTalksToRospyThroughTheGateway() throws Exception {
    String master = ((EmbeddedRosBackend) kit.backend()).masterUri().toString();
    Map<String, String> rosEnv = Map.of(
        "ROS_MASTER_URI", master, "ROS_HOSTNAME", "127.0.0.1", "ROS_IP", "127.0.0.1",
        "ROS_LOG_DIR", scratch.resolve("log").toString(), "ROS_HOME", scratch.toString(), "PYTHONUNBUFFERED", "1");
    Path peerScript = Path.of("src/test/resources/ros/peer.py").toAbsolutePath();
    try (ExternalProgram peer = ExternalProgram.start("rospy peer", scratch, rosEnv, "/usr/bin/python3", peerScript.toString())) {
      peer.awaitOutput("ready", Duration.ofSeconds(30));
      awaitTopic("/chatter");
      try (ExternalProgram foxglove = ExternalProgram.start("foxglove client", NpmClients.DIR, Map.of(),
          "node", "foxglove-interop.mjs", gateway.websocketUri().toString())) {
        int code = foxglove.awaitExit(Duration.ofSeconds(150));
        assertEquals(0, code, "the Foxglove client failed; its output:\n" + foxglove.output() + "\nrospy peer:\n" + peer.output());
        assertEquals(true, foxglove.output().contains("all passed"), foxglove.output());
      }
      assertEquals(java.util.Optional.of(2.5), kit.await(kit.client().param("/foxglove_test/gain")));
    }
  }

  /** Waits until the node lists {@code topic}: its graph poll found the rospy talker. */
  private void awaitTopic(String topic) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (kit.await(kit.client().topics()).stream().noneMatch(t -> t.name().equals(topic))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(topic + " never appeared in the node's graph");
      }
      Thread.onSpinWait();
    }
  }
}
