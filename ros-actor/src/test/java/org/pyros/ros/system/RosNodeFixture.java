package org.pyros.ros.system;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.node.PyrosNode;
import org.pyros.ros.RosPyros;
import org.pyros.ros.msg.MessageTypes;

/**
 * A Pyros node on the ROS1 system ({@link RosPyros}), connected to a master, with a client; for
 * interop tests. Exposes everything under {@code /t}, {@code /s} and {@code /p}; topics under
 * {@code /t/latched/} are published latched.
 */
final class RosNodeFixture implements AutoCloseable {
  final ActorTestKit testKit;
  final RosPyros pyros;
  final RosSystem ros;
  final ActorRef<PyrosNode.Command> node;
  final PyrosClient client;

  private RosNodeFixture(ActorTestKit testKit, RosPyros pyros) {
    this.testKit = testKit;
    this.pyros = pyros;
    this.ros = pyros.system();
    this.node = pyros.node();
    this.client = pyros.client();
  }

  static RosNodeFixture start(URI masterUri, String nodeName) throws Exception {
    return start(masterUri, nodeName, MessageTypes.fromEnvironment());
  }

  /** With a type registry of the test's own (e.g. a temporary package on its search path). */
  static RosNodeFixture start(URI masterUri, String nodeName, MessageTypes types) throws Exception {
    Config config = ConfigFactory.parseMap(Map.of(
        "pyros.ros.master-uri", masterUri.toString(),
        "pyros.ros.node-name", nodeName,
        "pyros.ros.namespace", "/",
        "pyros.ros.hostname", "127.0.0.1",
        "pyros.ros.graph-poll-interval", "200ms",
        "pyros.expose.topics.allow", List.of("/t/**"),
        "pyros.expose.services.allow", List.of("/s/**"),
        "pyros.expose.params.allow", List.of("/p/**"),
        "pyros.topic.latched", List.of("/t/latched/**"))).withFallback(ConfigFactory.load()).resolve();
    ActorTestKit testKit = ActorTestKit.create(config);
    try {
      return new RosNodeFixture(testKit, RosPyros.start(testKit.system(), config, types)
          .toCompletableFuture().get(10, TimeUnit.SECONDS));
    } catch (Exception | Error e) {
      testKit.shutdownTestKit();
      throw e;
    }
  }

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    try {
      pyros.close();
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
