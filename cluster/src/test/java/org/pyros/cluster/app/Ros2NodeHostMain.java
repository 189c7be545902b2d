package org.pyros.cluster.app;

import java.util.concurrent.CompletableFuture;
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
    AppMember member = AppMember.start("node-role");
    Ros2Settings settings = Ros2Settings.fromConfig(member.config());
    PyrosCluster cluster = PyrosCluster.host(member.system(),
        () -> CompletableFuture.supplyAsync(() -> Ros2System.start(settings)));
    new MemberConsole(member.system(), cluster).run();
  }
}
