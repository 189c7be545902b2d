package org.pyros.cluster.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.pyros.cluster.ClusterConfig;
import org.pyros.cluster.PyrosCluster;

/**
 * A member that may host the node (role {@code pyros-node} unless {@code PYROS_ROLES} says
 * otherwise). When it hosts, the node runs on a {@link SimulatedSystem}. Driven by the
 * {@link MemberConsole} line protocol on stdin/stdout; see cluster/README.md.
 */
public final class NodeHostMain {
  private NodeHostMain() {}

  public static void main(String[] args) throws Exception {
    AppLogging.init();
    Config base = ConfigFactory.load("pyros-cluster-app");
    Config config = ClusterConfig.load(System.getenv(), base, List.of(base.getString("pyros.cluster.node-role")));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), config.getString("pyros.cluster.system-name"), config);
    String self = Cluster.get(system).selfMember().address().hostPort();
    Duration period = config.getDuration("pyros.cluster.app.tick-period");
    PyrosCluster cluster = PyrosCluster.host(system, () -> SimulatedSystem.start(self, period));
    new MemberConsole(system, cluster).run();
  }
}
