package org.pyros.cluster.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.cluster.ClusterConfig;
import org.pyros.cluster.PyrosCluster;

/**
 * A member that only uses the node (role {@code pyros-client} unless {@code PYROS_ROLES} says
 * otherwise; never the node role). Driven by the {@link MemberConsole} line protocol on
 * stdin/stdout; see cluster/README.md.
 */
public final class ClientMain {
  private ClientMain() {}

  public static void main(String[] args) throws Exception {
    AppLogging.init();
    Config base = ConfigFactory.load("pyros-cluster-app");
    Config config = ClusterConfig.load(System.getenv(), base, List.of(base.getString("pyros.cluster.client-role")));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), config.getString("pyros.cluster.system-name"), config);
    new MemberConsole(system, PyrosCluster.client(system)).run();
  }
}
