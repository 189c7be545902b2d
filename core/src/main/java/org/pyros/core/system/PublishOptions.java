package org.pyros.core.system;

/**
 * How a topic is published.
 *
 * @param latch send the last message to every subscriber that connects later
 * @param queueSize per-subscriber queue; when full the oldest message is dropped
 * @param qosProfile for systems with per-topic quality of service (ROS 2): the name of a profile
 *     such as {@code sensor-data}; "" for the topic's configured profile
 */
public record PublishOptions(boolean latch, int queueSize, String qosProfile) {
  public static final PublishOptions DEFAULT = new PublishOptions(false, 100);

  public PublishOptions {
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize must be at least 1, got " + queueSize);
    }
    java.util.Objects.requireNonNull(qosProfile, "qosProfile");
  }

  /** Options with the topic's configured QoS profile. */
  public PublishOptions(boolean latch, int queueSize) {
    this(latch, queueSize, "");
  }

  /** The same options with a named QoS profile (ROS 2). */
  public PublishOptions withQosProfile(String profile) {
    return new PublishOptions(latch, queueSize, profile);
  }
}
