package org.pyros.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pyros.core.system.TopicTraffic;

/** Metrics switched off register no meters of topics and services; those switched on show the system's bytes. */
class DisabledMetricsTest {
  @Test
  void disabledMetricsRegisterNoTopicOrServiceMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PyrosMetrics metrics = PyrosMetrics.disabled();
    metrics.bindTo(registry);
    TopicMeters topic = metrics.topic("/t", Optional.of(new TopicTraffic()));
    topic.received();
    topic.published();
    metrics.subscriber("/t").gap();
    metrics.service("/s").called(1_000, null);
    assertNull(registry.find("pyros.topic.messages").meter());
    assertNull(registry.find("pyros.topic.bytes").meter());
    assertNull(registry.find("pyros.topic.gaps").meter());
    assertNull(registry.find("pyros.service.calls").meter());
    // Admission control and supervision still report.
    assertNotNull(registry.find("pyros.node.requests.in-flight").gauge());
  }

  @Test
  void enabledMetricsReadTheSystemsBytes() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PyrosMetrics metrics = new PyrosMetrics();
    metrics.bindTo(registry);
    TopicTraffic traffic = new TopicTraffic();
    metrics.topic("/t", Optional.of(traffic));
    traffic.received(100);
    traffic.published(7);
    traffic.published(7);
    assertEquals(100.0, registry.find("pyros.topic.bytes").tags("direction", "in").functionCounter().count());
    assertEquals(14.0, registry.find("pyros.topic.bytes").tags("direction", "out").functionCounter().count());
  }
}
