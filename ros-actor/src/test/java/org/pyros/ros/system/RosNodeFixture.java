package org.pyros.ros.system;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.ros.msg.MessageTypes;

/** A Pyros node on the ROS1 system, connected to a master, with a client; for interop tests. */
final class RosNodeFixture implements AutoCloseable {
  final ActorTestKit testKit;
  final RosSystem ros;
  final ActorRef<PyrosNode.Command> node;
  final PyrosClient client;

  private RosNodeFixture(ActorTestKit testKit, RosSystem ros, ActorRef<PyrosNode.Command> node, PyrosClient client) {
    this.testKit = testKit;
    this.ros = ros;
    this.node = node;
    this.client = client;
  }

  /** Exposes everything under {@code /t}, {@code /s} and {@code /p} (and what {@code extra} allows). */
  static RosNodeFixture start(URI masterUri, String nodeName) throws Exception {
    ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
    RosSettings settings = RosSettings.forMaster(nodeName, masterUri).withGraphPollInterval(Duration.ofMillis(200));
    RosSystem ros = RosSystem.start(testKit.system(), settings, MessageTypes.fromEnvironment())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    Exposure exposure = new Exposure(NameFilter.allowing("/t/**"), NameFilter.allowing("/s/**"), NameFilter.allowing("/p/**"));
    ActorRef<PyrosNode.Command> node = testKit.spawn(
        PyrosNode.create(ros, NodeSettings.fromConfig(testKit.system().settings().config()).withExposure(exposure)), "pyros");
    return new RosNodeFixture(testKit, ros, node, ActorPyrosClient.create(testKit.system(), node, Duration.ofSeconds(10)));
  }

  static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    testKit.stop(node);
    ros.close();
    testKit.shutdownTestKit();
  }
}
