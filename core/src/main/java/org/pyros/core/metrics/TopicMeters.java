package org.pyros.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the node counts of one exposed topic: messages in from the graph, out to it, and those
 * dropped by the topic's own queue in the system. Counting is a {@link LongAdder} increment; the
 * registered {@link FunctionCounter}s read the adders only when a registry asks.
 */
public final class TopicMeters extends MeterGroup {
  private final LongAdder in;
  private final LongAdder out;
  private final LongAdder dropped;

  private TopicMeters(String topic, List<io.micrometer.core.instrument.Meter> meters, LongAdder in, LongAdder out, LongAdder dropped) {
    super(topic, meters);
    this.in = in;
    this.out = out;
    this.dropped = dropped;
  }

  static TopicMeters register(String topic, MeterRegistry registry) {
    LongAdder in = new LongAdder();
    LongAdder out = new LongAdder();
    LongAdder dropped = new LongAdder();
    return new TopicMeters(topic, List.of(
        messages(topic, "in", in, registry),
        messages(topic, "out", out, registry),
        PyrosMetrics.counter("pyros.topic.dropped", dropped, "messages dropped because a bounded queue was full", registry,
            "topic", topic, "queue", "node")),
        in, out, dropped);
  }

  private static FunctionCounter messages(String topic, String direction, LongAdder adder, MeterRegistry registry) {
    return PyrosMetrics.counter("pyros.topic.messages", adder, "messages received from (in) or published to (out) the graph",
        registry, "topic", topic, "direction", direction);
  }

  /** A message the system delivered to the node's subscription. */
  public void received() {
    in.increment();
  }

  /** A message the node published. */
  public void published() {
    out.increment();
  }

  /** A message the system's queue for the node's subscription dropped (the node fell behind). */
  public void dropped() {
    dropped.increment();
  }
}
