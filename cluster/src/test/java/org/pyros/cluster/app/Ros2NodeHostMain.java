package org.pyros.cluster.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.cluster.ClusterConfig;
import org.pyros.cluster.PyrosCluster;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;

/**
 * A member that may host the node, on a {@link Ros2System} of the domain {@code pyros.ros2}
 * names: {@link NodeHostMain} with a ROS 2 graph instead of the simulation.
 */
public final class Ros2NodeHostMain {
  private Ros2NodeHostMain() {}

  public static void main(String[] args) throws Exception {
    AppLogging.init();
    Config base = ConfigFactory.load("pyros-cluster-app");
    Config config = ClusterConfig.load(System.getenv(), base, List.of(base.getString("pyros.cluster.node-role")));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), config.getString("pyros.cluster.system-name"), config);
    Ros2Settings settings = Ros2Settings.fromConfig(config);
    PyrosCluster cluster = PyrosCluster.host(system, () -> CompletableFuture.supplyAsync(() -> Ros2System.start(settings)));
    new MemberConsole(system, cluster).run();
  }
}
