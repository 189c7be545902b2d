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
 *     show a publisher gone for a moment); a service that lost its server, likewise
 * @param services the services forwarded
 */
public record BridgeSettings(NameFilter ros1ToRos2, NameFilter ros2ToRos1, Map<String, String> qos, int queueSize,
    Duration minBackoff, Duration maxBackoff, Duration linger, Services services) {

  /**
   * Which services are forwarded: {@code ros1ToRos2} names ROS 1 services that the bridge serves
   * to ROS 2 clients, {@code ros2ToRos1} ROS 2 services it serves to ROS 1 clients.
   *
   * @param callTimeout how long a forwarded call waits for the server's answer
   */
  public record Services(NameFilter ros1ToRos2, NameFilter ros2ToRos1, Duration callTimeout) {
    /** No service forwarded. */
    public static final Services NONE = new Services(NameFilter.NONE, NameFilter.NONE, Duration.ofSeconds(10));

    /** The services whose servers are on the source side of that direction. */
    public NameFilter filter(Direction direction) {
      return direction == Direction.ROS1_TO_ROS2 ? ros1ToRos2 : ros2ToRos1;
    }
  }

  /** Settings that forward topics only. */
  public BridgeSettings(NameFilter ros1ToRos2, NameFilter ros2ToRos1, Map<String, String> qos, int queueSize,
      Duration minBackoff, Duration maxBackoff, Duration linger) {
    this(ros1ToRos2, ros2ToRos1, qos, queueSize, minBackoff, maxBackoff, linger, Services.NONE);
  }

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
        c.getDuration("child-restart.min-backoff"), c.getDuration("child-restart.max-backoff"), c.getDuration("linger"),
        new Services(NameFilter.of(c.getStringList("services.ros1-to-ros2"), c.getStringList("services.exclude")),
            NameFilter.of(c.getStringList("services.ros2-to-ros1"), c.getStringList("services.exclude")),
            c.getDuration("services.call-timeout")));
  }

  /** These settings forwarding those services. */
  public BridgeSettings withServices(Services s) {
    return new BridgeSettings(ros1ToRos2, ros2ToRos1, qos, queueSize, minBackoff, maxBackoff, linger, s);
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
