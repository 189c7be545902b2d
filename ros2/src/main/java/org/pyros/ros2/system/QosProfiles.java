package org.pyros.ros2.system;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.pyros.ros2.rtps.qos.Durability;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;

/**
 * The QoS Pyros gives each ROS 2 topic: ROS 2's named profiles, the profile configured per topic
 * ({@code pyros.ros2.qos.topics}), and for subscriptions to topics with no configured profile the
 * QoS that every discovered publisher can serve (as {@code ros2 topic echo} adapts), so that a
 * subscription to a best-effort sensor topic or a latched map is not silently unmatched.
 */
public final class QosProfiles {
  /** ROS 2's profiles by the names configuration and {@code PublishOptions} use. */
  public static final Map<String, Qos> NAMED = Map.of(
      "default", Qos.ROS_DEFAULT,
      "sensor-data", Qos.SENSOR_DATA,
      "latched", Qos.LATCHED,
      "services", Qos.ROS_DEFAULT,
      "parameter-events", Qos.ROS_DEFAULT.withHistory(History.keepLast(1000)));

  private final Qos fallback;
  private final Map<String, Qos> byTopic;

  QosProfiles(Qos fallback, Map<String, Qos> byTopic) {
    this.fallback = fallback;
    this.byTopic = Map.copyOf(byTopic);
  }

  /** ROS 2's default profile for every topic. */
  public static QosProfiles defaults() {
    return new QosProfiles(Qos.ROS_DEFAULT, Map.of());
  }

  /**
   * Reads {@code default-profile} and {@code topics} (topic name to a profile name, or to an
   * object {@code { profile, reliability, durability, depth }} overriding parts of one).
   */
  public static QosProfiles fromConfig(Config qos) {
    Qos fallback = named(qos.getString("default-profile"));
    Map<String, Qos> byTopic = new HashMap<>();
    Config topics = qos.getConfig("topics");
    for (var entry : topics.root().entrySet()) {
      String topic = entry.getKey();
      if (entry.getValue().valueType() == ConfigValueType.STRING) {
        byTopic.put(topic, named((String) entry.getValue().unwrapped()));
      } else {
        byTopic.put(topic, custom(topics.getConfig("\"" + topic + "\"")));
      }
    }
    return new QosProfiles(fallback, byTopic);
  }

  /** The same profiles with {@code topic} given the named profile. */
  public QosProfiles withTopic(String topic, String profile) {
    Map<String, Qos> next = new HashMap<>(byTopic);
    next.put(topic, named(profile));
    return new QosProfiles(fallback, next);
  }

  /** A named profile; throws with the known names when there is none of that name. */
  public static Qos named(String name) {
    Qos q = NAMED.get(name.toLowerCase(Locale.ROOT));
    if (q == null) {
      throw new IllegalArgumentException("unknown QoS profile '" + name + "'; known: " + new java.util.TreeSet<>(NAMED.keySet()));
    }
    return q;
  }

  private static Qos custom(Config c) {
    Qos q = named(c.hasPath("profile") ? c.getString("profile") : "default");
    if (c.hasPath("reliability")) {
      q = q.withReliability(Reliability.valueOf(enumName(c.getString("reliability"))));
    }
    if (c.hasPath("durability")) {
      q = q.withDurability(Durability.valueOf(enumName(c.getString("durability"))));
    }
    if (c.hasPath("depth")) {
      q = q.withHistory(History.keepLast(c.getInt("depth")));
    }
    return q;
  }

  private static String enumName(String configName) {
    return configName.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The QoS to publish a topic with: the profile named in the options, else the topic's
   * configured one, else latched or default as the options' {@code latch} says.
   */
  public Qos forPublication(String topic, String profile, boolean latch) {
    if (!profile.isEmpty()) {
      return named(profile);
    }
    Qos configured = byTopic.get(topic);
    if (configured != null) {
      return configured;
    }
    return latch ? Qos.LATCHED : fallback;
  }

  /**
   * The QoS to subscribe with: the topic's configured profile, else one that every publisher
   * now known can serve (best effort if any is, transient local only if all are), else default.
   */
  public Qos forSubscription(String topic, Collection<Qos> publishers) {
    Qos configured = byTopic.get(topic);
    if (configured != null || publishers.isEmpty()) {
      return configured != null ? configured : fallback;
    }
    boolean allReliable = publishers.stream().allMatch(q -> q.reliability() == Reliability.RELIABLE);
    boolean allTransientLocal = publishers.stream().allMatch(q -> q.durability().compareTo(Durability.TRANSIENT_LOCAL) >= 0);
    int depth = publishers.stream().mapToInt(q -> q.history().depth()).max().orElse(fallback.history().depth());
    return fallback
        .withReliability(allReliable ? Reliability.RELIABLE : Reliability.BEST_EFFORT)
        .withDurability(allTransientLocal ? Durability.TRANSIENT_LOCAL : Durability.VOLATILE)
        .withHistory(History.keepLast(Math.max(depth, fallback.history().depth())));
  }
}
