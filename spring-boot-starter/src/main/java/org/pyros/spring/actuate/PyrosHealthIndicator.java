package org.pyros.spring.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pyros.spring.node.RunningPyros;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the node runs and its graph can be reached (the ROS master answers, DDS discovery
 * has found another node, the cluster member hosting the node is known); DOWN with the reason
 * otherwise.
 */
public final class PyrosHealthIndicator implements HealthIndicator {
  private final RunningPyros pyros;
  private final Duration timeout;

  public PyrosHealthIndicator(RunningPyros pyros, Duration timeout) {
    this.pyros = pyros;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    Health.Builder h = new Health.Builder().withDetail("system", pyros.description());
    if (!pyros.isUp()) {
      return h.down().withDetail("reason", "the Pyros node is stopped").build();
    }
    try {
      Map<String, Object> details = pyros.graph().check().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return h.up().withDetails(details).build();
    } catch (ExecutionException e) {
      Throwable why = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
      return h.down().withDetail("reason", String.valueOf(why.getMessage())).build();
    } catch (TimeoutException e) {
      return h.down().withDetail("reason", "the graph did not answer within " + timeout.toMillis() + " ms").build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return h.unknown().withDetail("reason", "interrupted").build();
    }
  }
}
