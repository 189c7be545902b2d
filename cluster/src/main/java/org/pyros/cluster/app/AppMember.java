package org.pyros.cluster.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.cluster.ClusterConfig;

/**
 * The start of every example member: logging, the configuration for its role (from
 * {@code pyros-cluster-app.conf} and the environment), and its actor system.
 */
record AppMember(ActorSystem<Void> system, Config config) {
  /** Starts a member in the role {@code pyros.cluster.<roleKey>} names ({@code node-role} or {@code client-role}). */
  static AppMember start(String roleKey) {
    AppLogging.init();
    Config base = ConfigFactory.load("pyros-cluster-app");
    Config config = ClusterConfig.load(System.getenv(), base, List.of(base.getString("pyros.cluster." + roleKey)));
    return new AppMember(ActorSystem.create(Behaviors.empty(), config.getString("pyros.cluster.system-name"), config),
        config);
  }
}
