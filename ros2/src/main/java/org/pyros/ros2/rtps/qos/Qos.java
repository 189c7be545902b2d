package org.pyros.ros2.rtps.qos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The QoS of a writer or a reader that discovery announces and matching compares: reliability,
 * durability, history, deadline and liveliness. {@link #INFINITE} stands for DDS's infinite
 * duration.
 */
public record Qos(Reliability reliability, Durability durability, History history, Duration deadline,
    Liveliness liveliness) {
  public static final Duration INFINITE = Duration.ofSeconds(Integer.MAX_VALUE, 999_999_999);

  /** ROS 2's default profile: reliable, volatile, keep last 10. */
  public static final Qos ROS_DEFAULT = new Qos(Reliability.RELIABLE, Durability.VOLATILE, History.keepLast(10),
      INFINITE, Liveliness.AUTOMATIC_INFINITE);
  /** ROS 2's sensor data profile: best effort, volatile, keep last 5. */
  public static final Qos SENSOR_DATA = new Qos(Reliability.BEST_EFFORT, Durability.VOLATILE, History.keepLast(5),
      INFINITE, Liveliness.AUTOMATIC_INFINITE);
  /** What ROS 2 calls latched: reliable, transient local, keep last 1. */
  public static final Qos LATCHED = new Qos(Reliability.RELIABLE, Durability.TRANSIENT_LOCAL, History.keepLast(1),
      INFINITE, Liveliness.AUTOMATIC_INFINITE);

  public Qos withReliability(Reliability r) {
    return new Qos(r, durability, history, deadline, liveliness);
  }

  public Qos withDurability(Durability d) {
    return new Qos(reliability, d, history, deadline, liveliness);
  }

  public Qos withHistory(History h) {
    return new Qos(reliability, durability, h, deadline, liveliness);
  }

  /**
   * Why a writer with this QoS cannot serve a reader with {@code reader}'s (DDS 2.2.3's
   * requested-vs-offered rules), one line per policy; empty when they match.
   */
  public List<String> incompatibilitiesWithReader(Qos reader) {
    List<String> why = new ArrayList<>();
    if (reliability.compareTo(reader.reliability) < 0) {
      why.add("reliability: writer offers " + reliability + ", reader requests " + reader.reliability);
    }
    if (durability.compareTo(reader.durability) < 0) {
      why.add("durability: writer offers " + durability + ", reader requests " + reader.durability);
    }
    if (deadline.compareTo(reader.deadline) > 0) {
      why.add("deadline: writer offers " + deadline + ", reader requests " + reader.deadline);
    }
    if (liveliness.kind().compareTo(reader.liveliness.kind()) < 0
        || liveliness.leaseDuration().compareTo(reader.liveliness.leaseDuration()) > 0) {
      why.add("liveliness: writer offers " + liveliness + ", reader requests " + reader.liveliness);
    }
    return why;
  }
}
