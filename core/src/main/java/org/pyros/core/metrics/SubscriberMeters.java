package org.pyros.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the client counts of its subscriptions to one topic: messages its bounded callback queues
 * dropped (a slow callback), and the {@code Gap} events they were given.
 */
public final class SubscriberMeters extends MeterGroup {
  private final LongAdder dropped;
  private final LongAdder gaps;

  private SubscriberMeters(String topic, List<io.micrometer.core.instrument.Meter> meters, LongAdder dropped, LongAdder gaps) {
    super(topic, meters);
    this.dropped = dropped;
    this.gaps = gaps;
  }

  static SubscriberMeters register(String topic, MeterRegistry registry) {
    LongAdder dropped = new LongAdder();
    LongAdder gaps = new LongAdder();
    return new SubscriberMeters(topic, List.of(
        PyrosMetrics.counter("pyros.topic.dropped", dropped, "messages dropped because a bounded queue was full", registry,
            "topic", topic, "queue", "subscriber"),
        PyrosMetrics.counter("pyros.topic.gaps", gaps, "Gap events given to subscribers (messages may have been missed)",
            registry, "topic", topic)),
        dropped, gaps);
  }

  /** A message a subscriber's queue dropped. */
  public void dropped() {
    dropped.increment();
  }

  /** A {@code Gap} event given to a subscriber. */
  public void gap() {
    gaps.increment();
  }
}
