package org.pyros.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.pyros.testkit.EmbeddedRosBackend;
import org.pyros.testkit.PyrosTestKit;

/**
 * What the gateway's tests with real clients share: a gateway in front of a Pyros node on the
 * embedded ROS 1 master, rospy programs from {@code src/test/resources/ros} on that master, and
 * Node.js client scripts from {@link NpmClients#DIR} that print "all passed" when they succeed.
 */
final class RospyGateway implements AutoCloseable {
  private static final Path ROS_SCRIPTS = Path.of("src/test/resources/ros").toAbsolutePath();

  final PyrosTestKit kit;
  final Gateway gateway;
  private final Path scratch;

  private RospyGateway(PyrosTestKit kit, Gateway gateway, Path scratch) {
    this.kit = kit;
    this.gateway = gateway;
    this.scratch = scratch;
  }

  static RospyGateway start() throws Exception {
    return start(null);
  }

  /** With tokens: {@code tokensConfig} is HOCON for {@code pyros.gateway.access}, null for none. */
  static RospyGateway start(String tokensConfig) throws Exception {
    NpmClients.install();
    Path scratch = Files.createTempDirectory("gateway-clients-");
    PyrosTestKit kit = PyrosTestKit.embeddedRos(PyrosTestKit.EVERYTHING);
    try {
      com.typesafe.config.Config config = kit.system().settings().config();
      if (tokensConfig != null) {
        config = com.typesafe.config.ConfigFactory.parseString(tokensConfig).withFallback(config);
      }
      GatewaySettings settings = GatewaySettings.fromConfig(config).withPort(0);
      Gateway gateway = Gateway.start(kit.system(), kit.client(), kit.node(), settings,
              org.pyros.gateway.access.AccessSettings.fromConfig(config)).toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
      return new RospyGateway(kit, gateway, scratch);
    } catch (Exception e) {
      kit.close();
      throw e;
    }
  }

  /** Starts a rospy program of {@code src/test/resources/ros} and waits for its "ready". */
  ExternalProgram rospy(String script) throws Exception {
    String master = ((EmbeddedRosBackend) kit.backend()).masterUri().toString();
    Map<String, String> env = Map.of(
        "ROS_MASTER_URI", master, "ROS_HOSTNAME", "127.0.0.1", "ROS_IP", "127.0.0.1",
        "ROS_LOG_DIR", scratch.resolve("log").toString(), "ROS_HOME", scratch.toString(), "PYTHONUNBUFFERED", "1");
    ExternalProgram p = ExternalProgram.start("rospy " + script, scratch, env, "/usr/bin/python3",
        ROS_SCRIPTS.resolve(script).toString());
    try {
      p.awaitOutput("ready", Duration.ofSeconds(30));
      return p;
    } catch (Exception | AssertionError e) {
      p.close();
      throw e;
    }
  }

  /** Waits until the node lists {@code topic}: its graph poll found the rospy publisher. */
  void awaitTopic(String topic) {
    kit.await(kit.client().awaitTopic(topic, Duration.ofSeconds(20)));
  }

  /** Runs a Node.js client script to its end and checks that it passed; {@code peer}'s output goes in the failure. */
  void runClient(String what, String script, ExternalProgram peer, String... args) throws Exception {
    NpmClients.run(what, script, () -> "rospy peer:\n" + peer.output(), args);
  }

  @Override
  public void close() {
    gateway.close();
    kit.close();
  }
}
