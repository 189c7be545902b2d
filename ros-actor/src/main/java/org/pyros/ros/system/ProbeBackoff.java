package org.pyros.ros.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to probe a service's type again after a probe failed: not before a delay that doubles
 * with each failure (up to a limit), unless the service's providers changed. A provider that died
 * without unregistering stays in the master's graph; without this, every poll would try to
 * connect to it again, forever.
 */
final class ProbeBackoff {
  private record Failure(List<String> providers, long retryAtNanos, long delayNanos) {}

  private final long minDelayNanos;
  private final long maxDelayNanos;
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();

  ProbeBackoff(Duration minDelay, Duration maxDelay) {
    this.minDelayNanos = minDelay.toNanos();
    this.maxDelayNanos = maxDelay.toNanos();
  }

  /** True unless the last probe of {@code service}, with the same providers, failed too recently. */
  boolean due(String service, List<String> providers, long nowNanos) {
    Failure f = failures.get(service);
    return f == null || !f.providers().equals(providers) || nowNanos - f.retryAtNanos() >= 0;
  }

  void failed(String service, List<String> providers, long nowNanos) {
    failures.compute(service, (name, f) -> {
      long delay = f == null || !f.providers().equals(providers) ? minDelayNanos : Math.min(2 * f.delayNanos(), maxDelayNanos);
      return new Failure(providers, nowNanos + delay, delay);
    });
  }

  void succeeded(String service) {
    failures.remove(service);
  }

  /** Forgets the services no longer in the graph. */
  void retain(Set<String> services) {
    failures.keySet().retainAll(services);
  }
}
