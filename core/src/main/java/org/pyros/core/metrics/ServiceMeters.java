package org.pyros.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.pyros.core.error.ErrorCode;

/**
 * The calls the node made to one service: a {@link Timer} per outcome ({@code code} is {@code OK}
 * or the {@link ErrorCode} of the failure), so one meter gives calls, failures and latency. Timers
 * appear with their first call of that outcome.
 */
public final class ServiceMeters extends MeterGroup {
  /** The {@code code} tag of a call that succeeded. */
  public static final String OK = "OK";

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private boolean removed; // guarded by this

  private ServiceMeters(String service, MeterRegistry registry) {
    super(service, List.of());
    this.registry = registry;
  }

  static ServiceMeters register(String service, MeterRegistry registry) {
    return new ServiceMeters(service, registry);
  }

  /** Meters that register nothing and count nothing ({@link PyrosMetrics#disabled()}). */
  static ServiceMeters none(String service) {
    return new ServiceMeters(service, null);
  }

  /** A call that ended after {@code nanos}, with {@code failure} null when it succeeded. */
  public void called(long nanos, ErrorCode failure) {
    if (registry == null) {
      return;
    }
    String code = failure == null ? OK : failure.name();
    Timer timer = timers.get(code);
    if (timer == null) {
      timer = timer(code);
    }
    if (timer != null) {
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Null once removed: a call answered after its service's child stopped registers nothing again. */
  private synchronized Timer timer(String code) {
    if (removed) {
      return null;
    }
    return timers.computeIfAbsent(code, c -> Timer.builder("pyros.service.calls")
        .description("service calls made through the node, by outcome")
        .tags("service", name(), "code", c)
        .register(registry));
  }

  @Override
  synchronized void removeFrom(MeterRegistry r) {
    removed = true;
    timers.values().forEach(r::remove);
  }
}
