package org.pyros.core.system;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A system's {@link TopicTraffic} by topic name, made on first use and kept for the system's life,
 * so that counts go on across subscriptions and publishers that come and go. Endpoints look their
 * topic's counters up once, when they are made, never per message. One entry per topic the
 * system ever used: as bounded as the graph.
 */
public final class TrafficCounters {
  private final Map<String, TopicTraffic> topics = new ConcurrentHashMap<>();

  /** The counters of {@code topic}, made on first use. */
  public TopicTraffic of(String topic) {
    return topics.computeIfAbsent(topic, t -> new TopicTraffic());
  }
}
