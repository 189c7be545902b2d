package org.pyros.cluster.app;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.ForwardingGraphSystem;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.memory.InMemorySystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InMemorySystem} with a small simulated robot in it, so data flows in the examples:
 * {@code /sim/tick} (std_msgs/String) published every {@code period}, the service
 * {@code /sim/echo} (std_srvs/SetBool) and the param {@code /sim/rate_hz}. Every message names
 * the member that made it, so a move of the node is visible. Closing stops the simulation.
 */
public final class SimulatedSystem extends ForwardingGraphSystem {
  private static final Logger log = LoggerFactory.getLogger(SimulatedSystem.class);

  private final InMemorySystem graph;
  private final ScheduledExecutorService timer;

  private SimulatedSystem(String host, Duration period) {
    this(new InMemorySystem(), host, period);
  }

  private SimulatedSystem(InMemorySystem graph, String host, Duration period) {
    super(graph);
    this.graph = graph;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pyros-simulation");
      t.setDaemon(true);
      return t;
    });
    graph.serve(new ServiceInfo("/sim/echo", StandardTypes.SET_BOOL.name()), request -> CompletableFuture.completedFuture(
        Message.builder(StandardTypes.SET_BOOL.response())
            .set("success", request.getBool("data"))
            .set("message", "echo from " + host)
            .build()));
    graph.setParam("/sim/rate_hz", (int) (1000 / Math.max(1, period.toMillis())));
    TopicPublisher ticks = graph.advertise(new TopicInfo("/sim/tick", StandardTypes.STRING.name()), new PublishOptions(false, 10))
        .toCompletableFuture().join(); // the in-memory system answers at once
    AtomicLong n = new AtomicLong();
    timer.scheduleAtFixedRate(() -> {
      try {
        ticks.publish(Message.builder(StandardTypes.STRING).set("data", "tick " + n.incrementAndGet() + " from " + host).build());
      } catch (RuntimeException e) {
        log.warn("Simulated publish failed", e);
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts the simulation; {@code host} names this member in the simulated data. */
  public static SimulatedSystem start(String host, Duration period) {
    return new SimulatedSystem(host, period);
  }

  @Override
  public String description() {
    return "in-memory with a simulated robot";
  }

  @Override
  public void close() {
    timer.shutdownNow();
    super.close();
  }
}
