package org.pyros.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The groups of one kind by name, shared by their users: a topic's meters outlive a child that
 * stops while its successor (or a second subscription) still counts on them, and are removed with
 * the last user. Acquired and released only when a child or subscription starts or ends, never per
 * message, so a lock is fine.
 */
final class MeterPool<G extends MeterGroup> {
  private record Entry<G>(G group, int users) {}

  private final MeterRegistry registry;
  private final Map<String, Entry<G>> entries = new HashMap<>();

  MeterPool(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The group of {@code name}, registered by {@code create} if it has no user yet. */
  synchronized G acquire(String name, Function<MeterRegistry, G> create) {
    Entry<G> e = entries.get(name);
    G group = e != null ? e.group() : create.apply(registry);
    entries.put(name, new Entry<>(group, e != null ? e.users() + 1 : 1));
    return group;
  }

  synchronized void release(G group) {
    Entry<G> e = entries.get(group.name());
    if (e == null || e.group() != group) {
      return;
    }
    if (e.users() > 1) {
      entries.put(group.name(), new Entry<>(group, e.users() - 1));
    } else {
      entries.remove(group.name());
      group.removeFrom(registry);
    }
  }
}
