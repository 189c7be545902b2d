package org.pyros.core.node;

import com.typesafe.config.Config;
import java.time.Duration;
import org.pyros.core.expose.Exposure;

/**
 * Settings of a node, normally read from the {@code pyros} section of the configuration (see
 * {@code reference.conf} of pyros-core).
 *
 * @param exposure what is reachable at start; changeable with {@link PyrosNode.Reconfigure}
 * @param serviceTimeout default timeout of a service call
 * @param queueSize per-subscriber queue of topic subscriptions and publications (ROS queue_size)
 * @param latch whether topics this node publishes are latched
 * @param minBackoff first delay before a failed child is restarted
 * @param maxBackoff longest delay between restarts of a child failing in a loop
 * @param stashCapacity requests a starting or restarting child holds before it refuses more
 */
public record NodeSettings(
    Exposure exposure,
    Duration serviceTimeout,
    int queueSize,
    boolean latch,
    Duration minBackoff,
    Duration maxBackoff,
    int stashCapacity) {

  /** Reads the {@code pyros} section of {@code config}. */
  public static NodeSettings fromConfig(Config config) {
    Config c = config.getConfig("pyros");
    return new NodeSettings(
        Exposure.fromConfig(c.getConfig("expose")),
        c.getDuration("service-timeout"),
        c.getInt("topic.queue-size"),
        c.getBoolean("topic.latch"),
        c.getDuration("child-restart.min-backoff"),
        c.getDuration("child-restart.max-backoff"),
        c.getInt("child-restart.stash-capacity"));
  }

  public NodeSettings withExposure(Exposure e) {
    return new NodeSettings(e, serviceTimeout, queueSize, latch, minBackoff, maxBackoff, stashCapacity);
  }
}
