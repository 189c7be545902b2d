package org.pyros.ros;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Pyros node on ROS1 in one call: starts the {@link RosSystem} (node API, TCPROS, master
 * polling), spawns a {@link PyrosNode} on it and makes a {@link PyrosClient} for it.
 *
 * <pre>{@code
 * RosPyros pyros = RosPyros.start(actorSystem, actorSystem.settings().config())
 *     .toCompletableFuture().get(10, TimeUnit.SECONDS);
 * pyros.client().subscribe("/chatter", m -> System.out.println(m.getString("data")));
 * ...
 * pyros.close();
 * }</pre>
 *
 * <p>Reads {@code pyros.ros} (master URI, node name, ports; see {@link RosSettings}) and the
 * {@code pyros} node settings (exposure, latched topics, timeouts; see {@link NodeSettings})
 * from {@code config}. Message types come from the ROS package path unless given.
 */
public final class RosPyros implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RosPyros.class);
  private static final AtomicInteger instances = new AtomicInteger();

  private final RosSystem system;
  private final ActorRef<PyrosNode.Command> node;
  private final PyrosClient client;
  private final ActorRef<Stop> guardian;
  private final CompletableFuture<Void> stopped;

  private enum Stop { INSTANCE }

  private RosPyros(RosSystem system, ActorRef<PyrosNode.Command> node, PyrosClient client, ActorRef<Stop> guardian,
      CompletableFuture<Void> stopped) {
    this.system = system;
    this.node = node;
    this.client = client;
    this.guardian = guardian;
    this.stopped = stopped;
  }

  /** Starts with message types from the ROS package path (ROS_PACKAGE_PATH, CMAKE_PREFIX_PATH, /usr/share). */
  public static CompletionStage<RosPyros> start(ActorSystem<?> actors, Config config) {
    return start(actors, config, MessageTypes.fromEnvironment());
  }

  /** Starts with the given type registry (e.g. one with extra search roots). */
  public static CompletionStage<RosPyros> start(ActorSystem<?> actors, Config config, MessageTypes types) {
    RosSettings rosSettings;
    NodeSettings nodeSettings;
    Duration askTimeout;
    try {
      rosSettings = RosSettings.fromConfig(config);
      nodeSettings = NodeSettings.fromConfig(config);
      askTimeout = config.getDuration("pyros.ask-timeout");
    } catch (RuntimeException e) {
      log.error("Invalid Pyros ROS configuration: {}", e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    return RosSystem.start(actors, rosSettings, types).thenCompose(ros -> {
      CompletableFuture<ActorRef<PyrosNode.Command>> nodeRef = new CompletableFuture<>();
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      // A small parent, so that close() can stop the node (a typed actor cannot be stopped from outside).
      Behavior<Stop> parent = Behaviors.setup(ctx -> {
        nodeRef.complete(ctx.spawn(PyrosNode.create(ros, nodeSettings), "node"));
        return Behaviors.receive(Stop.class)
            .onMessage(Stop.class, s -> Behaviors.stopped())
            .onSignal(PostStop.class, s -> {
              stopped.complete(null);
              return Behaviors.same();
            })
            .build();
      });
      ActorRef<Stop> guardian;
      try {
        guardian = actors.systemActorOf(parent, "pyros-ros-" + instances.incrementAndGet(), Props.empty());
      } catch (RuntimeException e) {
        ros.close();
        return CompletableFuture.failedFuture(e);
      }
      return nodeRef.orTimeout(askTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((node, failure) -> {
        if (failure != null) {
          guardian.tell(Stop.INSTANCE);
          ros.close();
          throw new IllegalStateException("the Pyros node did not start: " + failure, failure);
        }
        // A node shut down from ROS (rosnode kill, a name clash) takes the node actor with it.
        ros.whenClosed().thenRun(() -> guardian.tell(Stop.INSTANCE));
        return new RosPyros(ros, node, ActorPyrosClient.create(actors, node, askTimeout), guardian, stopped);
      });
    });
  }

  /** The ROS1 graph system (node URI, type registry, settings). */
  public RosSystem system() {
    return system;
  }

  /** The node actor, for actor code ({@link PyrosNode.Command}). */
  public ActorRef<PyrosNode.Command> node() {
    return node;
  }

  /** The node's plain Java client. */
  public PyrosClient client() {
    return client;
  }

  /** Stops the node (waiting up to 10 s), then the ROS system (unregistering from the master). */
  @Override
  public void close() {
    guardian.tell(Stop.INSTANCE);
    try {
      stopped.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("The Pyros node did not stop in time: {}", e.toString());
    }
    system.close();
  }
}
