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
 * roslibjs, the standard rosbridge client from npm, run in Node.js against the gateway in front
 * of a Pyros node on a real ROS 1 graph (the embedded master) with a rospy peer: topics both
 * ways, in JSON and CBOR, a rospy service called from the browser, a browser service called
 * from rospy, params and the rosapi listings.
 */
class RosbridgeInteropTest {
  private PyrosTestKit kit;
  private Gateway gateway;
  private Path scratch;

  @BeforeEach
  void start() throws Exception {
    NpmClients.install();
    scratch = Files.createTempDirectory("gateway-interop-");
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
  void roslibjsTalksToRospyThroughTheGateway() throws Exception {
    String master = ((EmbeddedRosBackend) kit.backend()).masterUri().toString();
    Map<String, String> rosEnv = Map.of(
        "ROS_MASTER_URI", master, "ROS_HOSTNAME", "127.0.0.1", "ROS_IP", "127.0.0.1",
        "ROS_LOG_DIR", scratch.resolve("log").toString(), "ROS_HOME", scratch.toString(), "PYTHONUNBUFFERED", "1");
    Path peerScript = Path.of("src/test/resources/ros/peer.py").toAbsolutePath();
    try (ExternalProgram peer = ExternalProgram.start("rospy peer", scratch, rosEnv, "/usr/bin/python3", peerScript.toString())) {
      peer.awaitOutput("ready", Duration.ofSeconds(30));
      awaitTopic("/chatter");
      try (ExternalProgram roslib = ExternalProgram.start("roslibjs", NpmClients.DIR, Map.of(),
          "node", "roslib-interop.mjs", gateway.websocketUri().toString())) {
        int code = roslib.awaitExit(Duration.ofSeconds(150));
        assertEquals(0, code, "roslibjs failed; its output:\n" + roslib.output() + "\nrospy peer:\n" + peer.output());
        assertEquals(true, roslib.output().contains("all passed"), roslib.output());
      }
      peer.awaitOutput("browser answered False browser got true", Duration.ofSeconds(10));
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
