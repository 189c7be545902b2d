package org.pyros.core.node;

import com.typesafe.config.Config;
import java.time.Duration;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;

/**
 * Settings of a node, normally read from the {@code pyros} section of the configuration (see
 * {@code reference.conf} of pyros-core).
 *
 * @param exposure what is reachable at start; changeable with {@link PyrosNode.Reconfigure}
 * @param serviceTimeout default timeout of a service call
 * @param queueSize per-subscriber queue of topic subscriptions and publications (ROS queue_size)
 * @param latched the topics this node publishes latched (the last message goes to late subscribers)
 * @param minBackoff first delay before a failed child is restarted
 * @param maxBackoff longest delay between restarts of a child failing in a loop
 * @param stashCapacity requests a starting or restarting child holds before it refuses more
 * @param maxInFlight requests the node takes in all before it refuses more {@code OVERLOADED}
 * @param maxInFlightPerTopic the same bound for one topic
 * @param maxInFlightPerService the same bound for one service
 */
public record NodeSettings(
    Exposure exposure,
    Duration serviceTimeout,
    int queueSize,
    NameFilter latched,
    Duration minBackoff,
    Duration maxBackoff,
    int stashCapacity,
    int maxInFlight,
    int maxInFlightPerTopic,
    int maxInFlightPerService) {

  public NodeSettings {
    if (maxInFlight < 1 || maxInFlightPerTopic < 1 || maxInFlightPerService < 1) {
      throw new IllegalArgumentException("pyros.node.max-in-flight bounds must be at least 1, not " + maxInFlight + ", "
          + maxInFlightPerTopic + ", " + maxInFlightPerService);
    }
  }

  /** Reads the {@code pyros} section of {@code config}. */
  public static NodeSettings fromConfig(Config config) {
    Config c = config.getConfig("pyros");
    return new NodeSettings(
        Exposure.fromConfig(c.getConfig("expose")),
        c.getDuration("service-timeout"),
        c.getInt("topic.queue-size"),
        NameFilter.of(c.getStringList("topic.latched"), java.util.List.of()),
        c.getDuration("child-restart.min-backoff"),
        c.getDuration("child-restart.max-backoff"),
        c.getInt("child-restart.stash-capacity"),
        c.getInt("node.max-in-flight"),
        c.getInt("node.max-in-flight-per-topic"),
        c.getInt("node.max-in-flight-per-service"));
  }

  public NodeSettings withExposure(Exposure e) {
    return new NodeSettings(e, serviceTimeout, queueSize, latched, minBackoff, maxBackoff, stashCapacity, maxInFlight,
        maxInFlightPerTopic, maxInFlightPerService);
  }

  public NodeSettings withLatched(NameFilter l) {
    return new NodeSettings(exposure, serviceTimeout, queueSize, l, minBackoff, maxBackoff, stashCapacity, maxInFlight,
        maxInFlightPerTopic, maxInFlightPerService);
  }

  /** The same settings with other bounds of requests in flight (in all, per topic, per service). */
  public NodeSettings withMaxInFlight(int all, int perTopic, int perService) {
    return new NodeSettings(exposure, serviceTimeout, queueSize, latched, minBackoff, maxBackoff, stashCapacity, all, perTopic,
        perService);
  }
}
