package org.pyros.cluster.link;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.pyros.core.client.RequestRoute;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;

/**
 * The request link a member's client takes while the gateway says it may (open, to the node
 * serving now, whose host is reachable); otherwise none, and requests go as actor messages.
 */
public final class LinkRoute implements RequestRoute {
  private volatile RequestLink link;
  private final LongAdder opened = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();

  /**
   * Shows the route's meters in {@code registry}: links opened, whether one is open now, and
   * requests that went as actor messages because the link in use could not take them.
   */
  public void registerMeters(MeterRegistry registry) {
    FunctionCounter.builder("pyros.cluster.link.connections.opened", opened, LongAdder::doubleValue)
        .description("request links this member opened to the node's host").register(registry);
    Gauge.builder("pyros.cluster.link.connections", this, r -> r.isOpen() ? 1 : 0)
        .description("request links of this member open now (0 or 1)").register(registry);
    FunctionCounter.builder("pyros.cluster.link.fallbacks", fallbacks, LongAdder::doubleValue)
        .description("requests sent as actor messages because the request link could not take them").register(registry);
  }

  /** Routes requests over {@code link}; null routes them as actor messages. */
  public void use(RequestLink link) {
    if (link != null && link != this.link) {
      opened.increment();
    }
    this.link = link;
  }

  private boolean isOpen() {
    RequestLink l = link;
    return l != null && l.isOpen();
  }

  /** The address of the link's server while requests take it. */
  public Optional<InetSocketAddress> current() {
    RequestLink l = link;
    return l == null ? Optional.empty() : Optional.of(l.address());
  }

  @Override
  public <T> CompletionStage<Reply<T>> ask(PyrosNode.Request<T> request, Duration timeout) {
    RequestLink l = link;
    return l == null ? null : l.ask(request, timeout);
  }

  @Override
  public boolean tell(PyrosNode.Request<?> request) {
    RequestLink l = link;
    if (l == null) {
      return false;
    }
    if (!l.tell(request)) {
      fallbacks.increment();
      return false;
    }
    return true;
  }
}
