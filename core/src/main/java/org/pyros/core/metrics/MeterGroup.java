package org.pyros.core.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** The meters of one named thing (a topic, a service), registered together and removed together. */
abstract class MeterGroup {
  private final String name;
  private final List<Meter> meters;

  MeterGroup(String name, List<Meter> meters) {
    this.name = name;
    this.meters = List.copyOf(meters);
  }

  final String name() {
    return name;
  }

  /** Removes the group's meters from {@code registry} (and so from every registry bound to it). */
  void removeFrom(MeterRegistry registry) {
    meters.forEach(registry::remove);
  }
}
