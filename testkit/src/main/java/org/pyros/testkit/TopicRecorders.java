package org.pyros.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link TopicProbe} per recorded topic. With {@code recordAll}, every topic is recorded
 * from the moment it appears in the graph: the in-memory graph reports a new topic while it is
 * advertised, before its first message, so nothing is missed.
 */
final class TopicRecorders implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicRecorders.class);
  private static final int SUBSCRIBER_QUEUE = 1000;

  private final GraphSystem system;
  private final int capacity;
  private final Map<String, TopicProbe> probes = new ConcurrentHashMap<>();
  private final Registration watch;

  TopicRecorders(GraphSystem system, int capacity, boolean recordAll) {
    this.system = system;
    this.capacity = capacity;
    this.watch = recordAll ? system.watchGraph(this::recordNew) : () -> {};
  }

  private void recordNew(GraphSnapshot graph) {
    for (TopicInfo info : graph.topics().values()) {
      if (!probes.containsKey(info.name())) {
        record(info);
      }
    }
  }

  /** The probe of a topic, recording from now on if it was not recorded yet. */
  TopicProbe record(TopicInfo info) {
    TopicProbe[] created = new TopicProbe[1];
    TopicProbe probe = probes.computeIfAbsent(info.name(), n -> created[0] = new TopicProbe(n, info.type(), capacity));
    if (created[0] == null) {
      if (!probe.type().equals(info.type())) {
        throw new IllegalArgumentException("topic " + info.name() + " is recorded as " + probe.type() + ", not " + info.type());
      }
      return probe;
    }
    // Subscribing may report the graph again (to recordNew): the probe is already in the map.
    system.subscribe(info, SUBSCRIBER_QUEUE, probe::offer).whenComplete((registration, failure) -> {
      if (failure != null) {
        log.warn("Cannot record topic {} ({}): {}", info.name(), info.type(), failure.toString());
      } else {
        probe.attach(registration);
      }
    });
    return probe;
  }

  /** The probe of a topic, waiting up to {@code timeout} for the topic to appear. */
  TopicProbe probe(String topic, Duration timeout) {
    Poll.until(timeout, "topic " + topic + " to appear in the graph", () -> probes.containsKey(topic));
    return probes.get(topic);
  }

  /** The probe of a topic if it appears within {@code timeout}. */
  Optional<TopicProbe> probeIfAppears(String topic, Duration timeout) {
    try {
      return Optional.of(probe(topic, timeout));
    } catch (AssertionError e) {
      return Optional.ofNullable(probes.get(topic));
    }
  }

  @Override
  public void close() {
    watch.cancel();
    probes.values().forEach(TopicProbe::close);
  }
}
