package org.pyros.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.GraphSystem;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.msg.MessageDefinitions;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;

/**
 * A real ROS1 graph with no ROS installed: Pyros's embedded master, the node under test as one
 * ROS node ({@code /pyros}) and the test's scripted nodes as another ({@code /pyros_testkit}),
 * talking XML-RPC and TCPROS over loopback. Real ROS tools can join it at {@link #masterUri()}.
 *
 * <p>Message types come from the ROS package path, Pyros's built-in standard types, and types
 * the test {@linkplain #register(MessageType) registers}.
 */
public final class EmbeddedRosBackend implements GraphBackend {
  private final ActorSystem<Void> actors;
  private final EmbeddedMaster master;
  private final MessageTypes types;
  private final RosSystem node;
  private final RosSystem script;

  private EmbeddedRosBackend(ActorSystem<Void> actors, EmbeddedMaster master, MessageTypes types, RosSystem node, RosSystem script) {
    this.actors = actors;
    this.master = master;
    this.types = types;
    this.node = node;
    this.script = script;
  }

  /** Starts a master on a free loopback port and the two ROS nodes on it. */
  public static EmbeddedRosBackend start() {
    ActorSystem<Void> actors = ActorSystem.create(Behaviors.empty(), "pyros-testkit-ros");
    EmbeddedMaster master = null;
    RosSystem node = null;
    try {
      master = EmbeddedMaster.start();
      MessageTypes types = MessageTypes.fromEnvironment();
      // A short poll: tests want the node to see new topics and services quickly.
      Duration poll = Duration.ofMillis(100);
      node = RosSystem.start(actors, RosSettings.forMaster("pyros", master.uri()).withGraphPollInterval(poll), types)
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      RosSystem script = RosSystem.start(actors, RosSettings.forMaster("pyros_testkit", master.uri()).withGraphPollInterval(poll), types)
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      return new EmbeddedRosBackend(actors, master, types, node, script);
    } catch (IOException e) {
      cleanUp(actors, master, node);
      throw new UncheckedIOException("could not start the embedded ROS master", e);
    } catch (Exception e) {
      cleanUp(actors, master, node);
      throw new IllegalStateException("could not start the embedded ROS graph: " + e.getMessage(), e);
    }
  }

  private static void cleanUp(ActorSystem<Void> actors, EmbeddedMaster master, RosSystem node) {
    if (node != null) {
      node.close();
    }
    if (master != null) {
      master.close();
    }
    actors.terminate();
  }

  /** The master's URI, for ROS tools ({@code ROS_MASTER_URI}). */
  public java.net.URI masterUri() {
    return master.uri();
  }

  @Override
  public String description() {
    return "embedded ROS master " + master.uri();
  }

  @Override
  public GraphSystem nodeSystem() {
    return node;
  }

  @Override
  public GraphSystem scriptSystem() {
    return script;
  }

  /** Adds a type built in code to the registry, unless ROS already has a definition of it. */
  @Override
  public void register(MessageType type) {
    if (!types.isAvailable(type.name(), "msg")) {
      types.register(type.name(), MessageDefinitions.textOf(type));
    }
  }

  @Override
  public void register(ServiceType type) {
    if (!types.isAvailable(type.name(), "srv")) {
      types.registerService(type.name(),
          MessageDefinitions.textOf(type.request()) + "\n---\n" + MessageDefinitions.textOf(type.response()));
    }
  }

  @Override
  public void close() {
    script.close();
    node.close();
    master.close();
    actors.terminate();
    try {
      actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The graph is closed; a slow actor system shutdown does not matter to the test.
    }
  }
}
