package org.pyros.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The gateway's open connections per protocol ({@code pyros.gateway.connections}, tag {@code
 * protocol}): a connection is counted while its stream runs.
 */
public final class ConnectionMeters {
  public static final String ROSBRIDGE = "rosbridge";
  public static final String FOXGLOVE = "foxglove";
  public static final String SSE = "sse";

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> open = Map.of(ROSBRIDGE, new AtomicInteger(), FOXGLOVE, new AtomicInteger(),
      SSE, new AtomicInteger());
  private final List<Meter> gauges;

  /** Registers the gauges in {@code registry} (a {@code PyrosMetrics.registry()}, typically). */
  public ConnectionMeters(MeterRegistry registry) {
    this.registry = registry;
    this.gauges = open.entrySet().stream().<Meter>map(e -> Gauge.builder("pyros.gateway.connections", e.getValue(), AtomicInteger::get)
        .description("gateway connections open now").tag("protocol", e.getKey()).strongReference(true).register(registry)).toList();
  }

  /** {@code flow}, counted as a connection of {@code protocol} while it runs. */
  public <I, O, M> Flow<I, O, M> counted(String protocol, Flow<I, O, M> flow) {
    AtomicInteger n = open.get(protocol);
    return flow.watchTermination((mat, done) -> {
      n.incrementAndGet();
      done.whenComplete((d, failure) -> n.decrementAndGet());
      return mat;
    });
  }

  /** {@code source}, counted as a connection of {@code protocol} while it runs. */
  public <O, M> Source<O, M> counted(String protocol, Source<O, M> source) {
    AtomicInteger n = open.get(protocol);
    return source.watchTermination((mat, done) -> {
      n.incrementAndGet();
      done.whenComplete((d, failure) -> n.decrementAndGet());
      return mat;
    });
  }

  /** Removes the gauges (the gateway stopped). */
  void remove() {
    gauges.forEach(registry::remove);
  }
}
