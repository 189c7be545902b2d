package org.pyros.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.pyros.core.system.TopicTraffic;

/**
 * What the node counts of one exposed topic: messages in from the graph, out to it, and those
 * dropped by the topic's own queue in the system; and what the system counts for it: bytes, and
 * messages its publications dropped for slow peers.
 * Counting is a {@link LongAdder} increment; the registered {@link FunctionCounter}s read the
 * adders only when a registry asks.
 */
public final class TopicMeters extends MeterGroup {
  private final LongAdder in;
  private final LongAdder out;
  private final LongAdder dropped;
  private final boolean counting;

  private TopicMeters(String topic, List<Meter> meters, LongAdder in, LongAdder out, LongAdder dropped, boolean counting) {
    super(topic, meters);
    this.counting = counting;
    this.in = in;
    this.out = out;
    this.dropped = dropped;
  }

  /** The meters of {@code topic}, with its bytes when the system counts them ({@code traffic} not empty). */
  static TopicMeters register(String topic, Optional<TopicTraffic> traffic, MeterRegistry registry) {
    LongAdder in = new LongAdder();
    LongAdder out = new LongAdder();
    LongAdder dropped = new LongAdder();
    List<Meter> meters = new ArrayList<>(List.of(
        messages(topic, "in", in, registry),
        messages(topic, "out", out, registry),
        PyrosMetrics.counter("pyros.topic.dropped", dropped, "messages dropped because a bounded queue was full", registry,
            "topic", topic, "queue", "node")));
    traffic.ifPresent(t -> {
      meters.add(bytes(topic, "in", t, TopicTraffic::bytesIn, registry));
      meters.add(bytes(topic, "out", t, TopicTraffic::bytesOut, registry));
      meters.add(FunctionCounter.builder("pyros.topic.dropped", t, TopicTraffic::publicationDrops)
          .description("messages dropped because a bounded queue was full").tags("topic", topic, "queue", "publication")
          .register(registry));
    });
    return new TopicMeters(topic, meters, in, out, dropped, true);
  }

  /** Meters that register nothing and count nothing ({@link PyrosMetrics#disabled()}). */
  static TopicMeters none(String topic) {
    return new TopicMeters(topic, List.of(), new LongAdder(), new LongAdder(), new LongAdder(), false);
  }

  private static FunctionCounter bytes(String topic, String direction, TopicTraffic traffic,
      ToDoubleFunction<TopicTraffic> read, MeterRegistry registry) {
    return FunctionCounter.builder("pyros.topic.bytes", traffic, read)
        .description("serialized bytes of the messages received from (in) or published to (out) the graph")
        .baseUnit("bytes").tags("topic", topic, "direction", direction).register(registry);
  }

  private static FunctionCounter messages(String topic, String direction, LongAdder adder, MeterRegistry registry) {
    return PyrosMetrics.counter("pyros.topic.messages", adder, "messages received from (in) or published to (out) the graph",
        registry, "topic", topic, "direction", direction);
  }

  /** A message the system delivered to the node's subscription. */
  public void received() {
    if (counting) {
      in.increment();
    }
  }

  /** A message the node published. */
  public void published() {
    if (counting) {
      out.increment();
    }
  }

  /** A message the system's queue for the node's subscription dropped (the node fell behind). */
  public void dropped() {
    if (counting) {
      dropped.increment();
    }
  }
}
