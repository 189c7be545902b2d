package org.pyros.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.pyros.core.node.NodeLoad;
import org.pyros.core.system.TopicTraffic;

/**
 * The meters of one running Pyros ({@code PyrosRuntime.metrics()}), bound to an application's
 * registry with {@link #bindTo}; docs/METRICS.md lists them.
 *
 * <p>Why this shape: the node's actors count on the hot path with {@link LongAdder}s (a few
 * nanoseconds, no allocation, safe to read from another thread), and the meters registered here
 * are {@link FunctionCounter}s reading them, so an unbound or bound Pyros costs the same per
 * message. Meters live in a {@link CompositeMeterRegistry} of this object: {@link #bindTo} adds a
 * registry to it (every meter, those of topics and services that appear later too, shows there),
 * and a topic's or service's meters are removed from it, and so from every bound registry, when
 * its last user stops.
 */
public final class PyrosMetrics implements MeterBinder {
  private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
  private final MeterPool<TopicMeters> topics = new MeterPool<>(meters);
  private final MeterPool<SubscriberMeters> subscribers = new MeterPool<>(meters);
  private final MeterPool<ServiceMeters> services = new MeterPool<>(meters);
  private final Map<String, LongAdder> restarts = Map.of("topic", new LongAdder(), "service", new LongAdder(), "param", new LongAdder());
  private final NodeLoad load = new NodeLoad();
  private final boolean counting;

  /** Meters that count from now on and show in every registry {@link #bindTo bound} to them. */
  public PyrosMetrics() {
    this(true);
  }

  /**
   * Metrics that count nothing per topic or service and register no meters of topics and
   * services: for an application that wants none, and for measuring what counting costs. The
   * node's load (admission control needs it) and restarts are still counted, and the systems
   * still count their bytes ({@code GraphSystem.traffic}).
   */
  public static PyrosMetrics disabled() {
    return new PyrosMetrics(false);
  }

  private PyrosMetrics(boolean counting) {
    this.counting = counting;
    restarts.forEach((kind, adder) -> counter("pyros.node.restarts", adder,
        "restarts of the node's children after a failure (supervision)", meters, "kind", kind));
    Gauge.builder("pyros.node.requests.in-flight", load, NodeLoad::inFlight)
        .description("requests the node accepted and its topics and services have not answered yet").register(meters);
    FunctionCounter.builder("pyros.node.requests.refused", load, NodeLoad::refused)
        .description("requests answered OVERLOADED at once (past the node's bounds or with its mailbox full)").register(meters);
    FunctionCounter.builder("pyros.node.subscriber.dropped", load, NodeLoad::subscriberDrops)
        .description("messages not delivered to a raw PyrosNode.Subscribe subscriber whose mailbox was full").register(meters);
  }

  /** The node's load: requests in flight and refused, raw subscribers' drops (the admission control counts here). */
  public NodeLoad load() {
    return load;
  }

  /** Shows every Pyros meter in {@code registry}, from now on and for those created later. */
  @Override
  public void bindTo(MeterRegistry registry) {
    meters.add(registry);
  }

  /**
   * Where other modules register their own meters (cluster, gateway): meters registered here
   * show in every registry this is bound to.
   */
  public MeterRegistry registry() {
    return meters;
  }

  /**
   * The meters of {@code topic}, shared with its other users until {@link #release(TopicMeters)};
   * with its bytes when the system counts them ({@code traffic}, from {@code GraphSystem.traffic}).
   */
  public TopicMeters topic(String topic, Optional<TopicTraffic> traffic) {
    return topics.acquire(topic, r -> counting ? TopicMeters.register(topic, traffic, r) : TopicMeters.none(topic));
  }

  public void release(TopicMeters m) {
    topics.release(m);
  }

  /** The client-side meters of subscriptions to {@code topic}, until {@link #release(SubscriberMeters)}. */
  public SubscriberMeters subscriber(String topic) {
    return subscribers.acquire(topic, r -> counting ? SubscriberMeters.register(topic, r) : SubscriberMeters.none(topic));
  }

  public void release(SubscriberMeters m) {
    subscribers.release(m);
  }

  /** The meters of {@code service}, until {@link #release(ServiceMeters)}. */
  public ServiceMeters service(String service) {
    return services.acquire(service, r -> counting ? ServiceMeters.register(service, r) : ServiceMeters.none(service));
  }

  public void release(ServiceMeters m) {
    services.release(m);
  }

  /**
   * A child of the node of {@code kind} ({@code topic}, {@code service}, {@code param}) was
   * restarted after a failure.
   */
  public void restarted(String kind) {
    LongAdder adder = restarts.get(kind);
    if (adder != null) {
      adder.increment();
    }
  }

  /** Removes every meter from the bound registries (the runtime closed). */
  public void close() {
    meters.clear();
  }

  static FunctionCounter counter(String name, LongAdder adder, String description, MeterRegistry registry, String... tags) {
    return FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).tags(tags).register(registry);
  }
}
