package org.pyros.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The configuration of a cluster member: the application's configuration as a cluster member
 * ({@code pekko.actor.provider = cluster}), with the member's
 * roles and seed nodes taken from the environment ({@code PYROS_ROLES},
 * {@code PYROS_CLUSTER_SEEDS}); host and port come from {@code reference.conf}, which reads
 * {@code PYROS_CLUSTER_HOST} and {@code PYROS_CLUSTER_PORT}.
 */
public final class ClusterConfig {
  private ClusterConfig() {}

  /** {@link #load(Map, List)} with the process environment. */
  public static Config load(List<String> defaultRoles) {
    return load(System.getenv(), defaultRoles);
  }

  /**
   * @param env environment variables
   * @param defaultRoles roles when {@code PYROS_ROLES} is not set and the configuration has none
   * @return the configuration; without seeds the member forms a cluster by itself
   */
  public static Config load(Map<String, String> env, List<String> defaultRoles) {
    return load(env, ConfigFactory.load(), defaultRoles);
  }

  /** Like {@link #load(Map, List)} on top of {@code base} instead of the default configuration. */
  public static Config load(Map<String, String> env, Config base, List<String> defaultRoles) {
    Config c = base.withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"));
    String roles = env.get("PYROS_ROLES");
    if (roles != null && !roles.isBlank()) {
      c = c.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(split(roles)));
    } else if (base.getStringList("pekko.cluster.roles").isEmpty()) {
      c = c.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(defaultRoles));
    }
    String systemName = base.getString("pyros.cluster.system-name");
    String seeds = env.get("PYROS_CLUSTER_SEEDS");
    List<String> seedList;
    if (seeds != null && !seeds.isBlank()) {
      seedList = split(seeds).stream().map(s -> s.startsWith("pekko://") ? s : "pekko://" + systemName + "@" + s).toList();
    } else if (base.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      seedList = List.of("pekko://" + systemName + "@" + base.getString("pekko.remote.artery.canonical.hostname") + ":"
          + base.getInt("pekko.remote.artery.canonical.port"));
    } else {
      seedList = base.getStringList("pekko.cluster.seed-nodes");
    }
    return c.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedList));
  }

  private static List<String> split(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
