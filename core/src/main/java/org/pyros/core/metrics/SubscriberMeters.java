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
  private final boolean counting;

  private SubscriberMeters(String topic, List<io.micrometer.core.instrument.Meter> meters, LongAdder dropped, LongAdder gaps,
      boolean counting) {
    super(topic, meters);
    this.counting = counting;
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
        dropped, gaps, true);
  }

  /** Meters that register nothing and count nothing ({@link PyrosMetrics#disabled()}). */
  static SubscriberMeters none(String topic) {
    return new SubscriberMeters(topic, List.of(), new LongAdder(), new LongAdder(), false);
  }

  /** A message a subscriber's queue dropped. */
  public void dropped() {
    if (counting) {
      dropped.increment();
    }
  }

  /** A {@code Gap} event given to a subscriber. */
  public void gap() {
    if (counting) {
      gaps.increment();
    }
  }
}
