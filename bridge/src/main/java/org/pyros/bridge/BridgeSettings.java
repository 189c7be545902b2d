package org.pyros.bridge;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pyros.core.expose.NameFilter;
import org.pyros.ros2.system.QosProfiles;

/**
 * What the bridge forwards and how, normally read from {@code pyros.bridge} (reference.conf).
 *
 * @param ros1ToRos2 topics forwarded from ROS 1 to ROS 2
 * @param ros2ToRos1 topics forwarded from ROS 2 to ROS 1
 * @param qos ROS 2 QoS profile name per forwarded topic
 * @param queueSize messages held per topic subscription and publication
 * @param minBackoff first delay before a topic whose system failed is set up again
 * @param maxBackoff longest such delay
 * @param linger how long a topic that lost every publisher but ours is still forwarded (graphs can
 *     show a publisher gone for a moment)
 */
public record BridgeSettings(NameFilter ros1ToRos2, NameFilter ros2ToRos1, Map<String, String> qos, int queueSize,
    Duration minBackoff, Duration maxBackoff, Duration linger) {
  public BridgeSettings {
    qos = Map.copyOf(qos);
    qos.forEach((topic, profile) -> {
      try {
        QosProfiles.named(profile);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("pyros.bridge.qos \"" + topic + "\": " + e.getMessage(), e);
      }
    });
    if (queueSize < 1) {
      throw new IllegalArgumentException("pyros.bridge.queue-size must be at least 1, got " + queueSize);
    }
  }

  /** Reads {@code pyros.bridge} of {@code config}. */
  public static BridgeSettings fromConfig(Config config) {
    Config c = config.getConfig("pyros.bridge");
    List<String> exclude = c.getStringList("exclude");
    Map<String, String> qos = new TreeMap<>();
    c.getConfig("qos").root().forEach((topic, value) -> qos.put(topic, String.valueOf(value.unwrapped())));
    return new BridgeSettings(NameFilter.of(c.getStringList("ros1-to-ros2"), exclude),
        NameFilter.of(c.getStringList("ros2-to-ros1"), exclude), qos, c.getInt("queue-size"),
        c.getDuration("child-restart.min-backoff"), c.getDuration("child-restart.max-backoff"), c.getDuration("linger"));
  }

  /** The topics forwarded in that direction. */
  public NameFilter filter(Direction direction) {
    return direction == Direction.ROS1_TO_ROS2 ? ros1ToRos2 : ros2ToRos1;
  }

  /** The ROS 2 QoS profiles with this bridge's per-topic profiles added (for the ROS 2 system's subscriptions). */
  public QosProfiles applyTo(QosProfiles profiles) {
    QosProfiles out = profiles;
    for (var e : qos.entrySet()) {
      out = out.withTopic(e.getKey(), e.getValue());
    }
    return out;
  }

  /** The profile for a topic published on ROS 2: the configured one, else "" (the system's choice). */
  public String qosProfile(String topic) {
    return qos.getOrDefault(topic, "");
  }
}
