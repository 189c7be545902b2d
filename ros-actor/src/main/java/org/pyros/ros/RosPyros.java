package org.pyros.ros;

import com.typesafe.config.Config;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Pyros node on ROS1 in one call: a {@link PyrosRuntime} on a {@link RosSystem} (node API,
 * TCPROS, master polling), with a {@link PyrosNode} on it and a {@link PyrosClient} for it.
 *
 * <pre>{@code
 * RosPyros pyros = RosPyros.start(actorSystem, actorSystem.settings().config())
 *     .toCompletableFuture().get(30, TimeUnit.SECONDS);
 * pyros.client().subscribe("/chatter", m -> System.out.println(m.getString("data")));
 * ...
 * pyros.close();
 * }</pre>
 *
 * <p>Start completes once the node is ready: it has the master's graph and the types of the
 * exposed topics and services in it, so the first call or subscribe finds them (see {@link
 * PyrosRuntime}). Reads {@code pyros.ros} (master URI, node name, ports; see {@link RosSettings})
 * and the {@code pyros} node settings (exposure, latched topics, timeouts; see {@link
 * NodeSettings}) from {@code config}. Message types come from the ROS package path unless given.
 */
public final class RosPyros implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RosPyros.class);

  private final PyrosRuntime runtime;
  private final RosSystem system;

  private RosPyros(PyrosRuntime runtime) {
    this.runtime = runtime;
    this.system = (RosSystem) runtime.system();
  }

  /** Starts with message types from the ROS package path (ROS_PACKAGE_PATH, CMAKE_PREFIX_PATH, /usr/share). */
  public static CompletionStage<RosPyros> start(ActorSystem<?> actors, Config config) {
    return start(actors, config, MessageTypes.fromEnvironment());
  }

  /** Starts with the given type registry (e.g. one with extra search roots). */
  public static CompletionStage<RosPyros> start(ActorSystem<?> actors, Config config, MessageTypes types) {
    RosSettings settings;
    try {
      settings = RosSettings.fromConfig(config);
    } catch (RuntimeException e) {
      log.error("Invalid Pyros ROS configuration: {}", e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    return PyrosRuntime.builder()
        .actorSystem(actors)
        .config(config)
        .graph(a -> RosSystem.start(a, settings, types))
        .start()
        .thenApply(RosPyros::new);
  }

  /** The ROS1 graph system (node URI, type registry, settings). */
  public RosSystem system() {
    return system;
  }

  /** The node actor, for actor code ({@link PyrosNode.Command}). */
  public ActorRef<PyrosNode.Command> node() {
    return runtime.node();
  }

  /** The node's plain Java client. */
  public PyrosClient client() {
    return runtime.client();
  }

  /** The runtime it runs in. */
  public PyrosRuntime runtime() {
    return runtime;
  }

  /** Stops the node (waiting up to 10 s), then the ROS system (unregistering from the master). */
  @Override
  public void close() {
    runtime.close();
  }
}
