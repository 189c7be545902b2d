package org.pyros.spring.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pyros.spring.config.PyrosProperties.SystemKind;

/**
 * Pyros's own configuration (Typesafe Config) from the {@code pyros.*} Spring properties: each
 * property set becomes the {@code reference.conf} key it stands for, over {@code base}. So the
 * starter starts every system with the settings classes and defaults the rest of Pyros uses.
 */
public final class PropertiesConfig {
  private PropertiesConfig() {}

  /**
   * The configuration for {@code p} over {@code base} (usually {@code ConfigFactory.load()}).
   *
   * @throws IllegalArgumentException when a property is missing or does not fit (the message names it)
   */
  public static Config of(PyrosProperties p, Config base) {
    if (p.system() == null) {
      throw new IllegalArgumentException("pyros.system is not set: give one of ros1, ros2, in-memory, cluster");
    }
    if (p.system() == SystemKind.CLUSTER && p.cluster().graph() == SystemKind.CLUSTER) {
      throw new IllegalArgumentException("pyros.cluster.graph must be ros1, ros2 or in-memory, not cluster");
    }
    Map<String, Object> keys = new HashMap<>();
    // Spring applications log through SLF4J; Pekko's default logger would print to stdout.
    keys.put("pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"));
    keys.put("pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter");
    if (p.nodeName() != null) {
      keys.put("pyros.ros.node-name", p.nodeName());
      keys.put("pyros.ros2.node-name", p.nodeName());
    }
    if (p.ros().masterUri() != null) {
      keys.put("pyros.ros.master-uri", p.ros().masterUri().toString());
    }
    if (p.ros().hostname() != null) {
      keys.put("pyros.ros.hostname", p.ros().hostname());
    }
    if (p.ros2().domainId() != null) {
      keys.put("pyros.ros2.domain-id", p.ros2().domainId());
    }
    if (p.ros2().peers() != null) {
      keys.put("pyros.ros2.peers", p.ros2().peers());
    }
    if (p.ros2().qosProfile() != null) {
      keys.put("pyros.ros2.qos.default-profile", p.ros2().qosProfile());
    }
    PyrosProperties.Expose e = p.expose();
    keys.put("pyros.expose.topics.allow", e.topics());
    keys.put("pyros.expose.services.allow", e.services());
    keys.put("pyros.expose.params.allow", e.params());
    for (String kind : List.of("topics", "services", "params")) {
      keys.put("pyros.expose." + kind + ".deny", e.deny());
    }
    if (p.gateway().host() != null) {
      keys.put("pyros.gateway.host", p.gateway().host());
    }
    if (p.gateway().port() != null) {
      keys.put("pyros.gateway.port", p.gateway().port());
    }
    duration(keys, "pyros.ask-timeout", p.askTimeout());
    duration(keys, "pyros.ready-timeout", p.readyTimeout());
    if (p.cluster().hostname() != null) {
      keys.put("pekko.remote.artery.canonical.hostname", p.cluster().hostname());
    }
    if (p.cluster().port() != null) {
      keys.put("pekko.remote.artery.canonical.port", p.cluster().port());
    }
    Config extra;
    try {
      extra = ConfigFactory.parseMap(p.config(), "pyros.config properties");
    } catch (RuntimeException bad) {
      throw new IllegalArgumentException("pyros.config: " + bad.getMessage(), bad);
    }
    return ConfigFactory.parseMap(keys, "pyros.* properties").withFallback(extra).withFallback(base).resolve();
  }

  private static void duration(Map<String, Object> keys, String key, Duration d) {
    if (d != null) {
      keys.put(key, d.toMillis() + "ms");
    }
  }
}
