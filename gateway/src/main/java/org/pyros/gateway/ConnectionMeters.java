package org.pyros.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.pyros.gateway.rosbridge.Outbox;

/**
 * The gateway's meters, tagged {@code protocol}: its open connections ({@code
 * pyros.gateway.connections}, counted while a connection's stream runs), and for the WebSocket
 * protocols the frames their bounded send queues dropped for slow clients ({@code
 * pyros.gateway.dropped}) and the clients cut off for not reading ({@code pyros.gateway.cut-off}).
 */
public final class ConnectionMeters {
  public static final String ROSBRIDGE = "rosbridge";
  public static final String FOXGLOVE = "foxglove";
  public static final String SSE = "sse";

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> open = Map.of(ROSBRIDGE, new AtomicInteger(), FOXGLOVE, new AtomicInteger(),
      SSE, new AtomicInteger());
  private final Map<String, LongAdder> dropped = Map.of(ROSBRIDGE, new LongAdder(), FOXGLOVE, new LongAdder());
  private final Map<String, LongAdder> cutOff = Map.of(ROSBRIDGE, new LongAdder(), FOXGLOVE, new LongAdder());
  private final List<Meter> meters = new ArrayList<>();

  /** Registers the meters in {@code registry} (a {@code PyrosMetrics.registry()}, typically). */
  public ConnectionMeters(MeterRegistry registry) {
    this.registry = registry;
    open.forEach((protocol, n) -> meters.add(Gauge.builder("pyros.gateway.connections", n, AtomicInteger::get)
        .description("gateway connections open now").tag("protocol", protocol).strongReference(true).register(registry)));
    dropped.forEach((protocol, n) -> meters.add(FunctionCounter.builder("pyros.gateway.dropped", n, LongAdder::doubleValue)
        .description("frames dropped because a subscription's send queue for a slow client was full")
        .tag("protocol", protocol).register(registry)));
    cutOff.forEach((protocol, n) -> meters.add(FunctionCounter.builder("pyros.gateway.cut-off", n, LongAdder::doubleValue)
        .description("connections cut off because too many bytes waited for a client that does not read")
        .tag("protocol", protocol).register(registry)));
  }

  /** The send queue of a new connection of {@code protocol} (rosbridge or Foxglove), its drops counted. */
  public Outbox outbox(String protocol, long maxBytes) {
    return new Outbox(maxBytes, dropped.get(protocol)::increment, cutOff.get(protocol)::increment);
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

  /** Removes the meters (the gateway stopped). */
  void remove() {
    meters.forEach(registry::remove);
  }
}
