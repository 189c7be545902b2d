package org.pyros.ros.system;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.master.SystemState;
import org.pyros.ros.master.TopicAndType;
import org.pyros.ros.tcpros.ConnectionHeader;
import org.pyros.ros.tcpros.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the master for the graph at a fixed rate (ROS1 has no change notification for it), turns
 * the answer into {@link GraphSnapshot}s for the watchers, and learns each service's type by
 * probing its server once, as {@code rosservice} does. Also tells its owner when the master
 * comes back after being unreachable, so registrations can be renewed.
 */
final class GraphPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GraphPoller.class);
  private volatile boolean closed;

  /** The raw answer of one poll; {@code startedNanos}: when it was sent ({@link System#nanoTime()}). */
  record Raw(SystemState state, List<TopicAndType> types, List<String> params, long startedNanos) {}

  private final MasterClient master;
  private final String nodeName;
  private final Duration timeout;
  private final Consumer<Raw> onPoll;
  private final List<Consumer<GraphSnapshot>> watchers = new CopyOnWriteArrayList<>();
  // service name -> [provider URI, type]; a new provider is probed again.
  private final Map<String, String[]> serviceTypes = new ConcurrentHashMap<>();
  private final Set<String> probing = ConcurrentHashMap.newKeySet();
  private final ProbeBackoff failedProbes = new ProbeBackoff(Duration.ofSeconds(2), Duration.ofMinutes(1));
  private final ScheduledExecutorService timer;
  private volatile Raw last;
  private volatile GraphSnapshot snapshot = GraphSnapshot.EMPTY;
  // The first answer of the master with the probes it started done: the node's first view.
  private final CompletableFuture<GraphSnapshot> firstView = new CompletableFuture<>();
  private boolean firstAnswered; // on the timer thread only
  private volatile boolean reachable = true;
  private volatile boolean polling;

  GraphPoller(MasterClient master, String nodeName, Duration timeout, ScheduledExecutorService timer,
      Consumer<Raw> onPoll) {
    this.master = master;
    this.nodeName = nodeName;
    this.timeout = timeout;
    this.timer = timer;
    this.onPoll = onPoll;
  }

  void start(Duration interval) {
    try {
      timer.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("Not polling: the node closed before polling started");
    }
  }

  GraphSnapshot snapshot() {
    return snapshot;
  }

  /**
   * Completes after the first poll the master answered, once the type probes of the services it
   * listed are done (learnt or failed), with the snapshot the watchers were given then.
   */
  CompletableFuture<GraphSnapshot> firstView() {
    return firstView.copy();
  }

  boolean masterReachable() {
    return reachable;
  }

  void watch(Consumer<GraphSnapshot> watcher) {
    watchers.add(watcher);
    watcher.accept(snapshot);
  }

  void unwatch(Consumer<GraphSnapshot> watcher) {
    watchers.remove(watcher);
  }

  /** The nodes that publish {@code topic}, as of the last poll. */
  List<String> publishersOf(String topic) {
    Raw raw = last;
    return raw == null ? List.of() : raw.state().publishers().getOrDefault(topic, List.of());
  }

  /** The service's type if a probe learnt it. */
  String serviceType(String service) {
    String[] known = serviceTypes.get(service);
    return known == null ? "" : known[1];
  }

  /** One poll; runs on the timer thread, never two at once. */
  void poll() {
    if (polling) {
      return;
    }
    polling = true;
    try {
      long started = System.nanoTime();
      var state = master.getSystemState().toCompletableFuture();
      var types = master.getTopicTypes().toCompletableFuture();
      var params = master.getParamNames().toCompletableFuture();
      CompletableFuture.allOf(state, types, params).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (closed) {
        return; // the node is closing: its registrations are going away on purpose
      }
      Raw raw = new Raw(state.join(), types.join(), params.join(), started);
      if (!reachable) {
        log.info("The ROS master {} answers again", master.masterUri());
      }
      reachable = true;
      last = raw;
      onPoll.accept(raw);
      publish(raw);
      List<CompletableFuture<?>> probes = probeNewServices(raw.state());
      if (!firstAnswered) {
        // Later polls start no probe for a service whose probe is under way: wait for these.
        firstAnswered = true;
        CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> firstView.complete(snapshot));
      }
    } catch (Exception e) {
      if (closed || e instanceof InterruptedException) {
        log.debug("Poll of the ROS master ended by closing the node: {}", e.toString());
      } else {
        if (reachable) {
          log.warn("The ROS master {} does not answer: {}", master.masterUri(), why(e));
        }
        reachable = false;
      }
    } finally {
      polling = false;
    }
  }

  private synchronized void publish(Raw raw) {
    Map<String, String> typeOf = new HashMap<>();
    raw.types().forEach(t -> typeOf.put(t.topic(), t.type()));
    Set<String> topicNames = new HashSet<>(raw.state().publishers().keySet());
    topicNames.addAll(raw.state().subscribers().keySet());
    List<TopicInfo> topics = new ArrayList<>();
    for (String name : topicNames) {
      String type = typeOf.get(name);
      if (type != null && !type.equals("*")) {
        topics.add(new TopicInfo(name, type));
      }
    }
    List<ServiceInfo> services = new ArrayList<>();
    raw.state().services().keySet().forEach(s -> services.add(new ServiceInfo(s, serviceType(s))));
    GraphSnapshot next = GraphSnapshot.of(topics, services, raw.params()).withNodes(raw.state().nodes());
    if (!next.equals(snapshot)) {
      snapshot = next;
      watchers.forEach(w -> w.accept(next));
    }
  }

  /** Probes the services not probed yet; the stages complete once each probe's result is published. */
  private List<CompletableFuture<?>> probeNewServices(SystemState state) {
    List<CompletableFuture<?>> started = new ArrayList<>();
    serviceTypes.keySet().retainAll(state.services().keySet());
    failedProbes.retain(state.services().keySet());
    for (Map.Entry<String, List<String>> entry : state.services().entrySet()) {
      String service = entry.getKey();
      List<String> providers = entry.getValue();
      if (serviceTypes.containsKey(service) || !failedProbes.due(service, providers, System.nanoTime())
          || !probing.add(service)) {
        continue;
      }
      CompletionStage<?> probe = master.lookupService(service)
          .thenCompose(uri -> ServiceClient.probe(nodeName, service, address(uri), timeout)
              .thenApply(header -> new String[] {uri.toString(), header.getOrDefault(ConnectionHeader.TYPE, "")}))
          .whenComplete((known, failure) -> {
            probing.remove(service);
            if (failure != null) {
              failedProbes.failed(service, providers, System.nanoTime());
              log.debug("Could not learn the type of service {}: {}", service, failure.getMessage());
              return;
            }
            failedProbes.succeeded(service);
            serviceTypes.put(service, known);
            Raw raw = last;
            if (raw != null) {
              publish(raw);
            }
          });
      started.add(probe.toCompletableFuture());
    }
    return started;
  }

  /** The TCPROS address of a {@code rosrpc://host:port} service URI. */
  static InetSocketAddress address(URI rosrpc) {
    return new InetSocketAddress(rosrpc.getHost(), rosrpc.getPort());
  }

  /** Why a poll failed, in words: timeouts and some I/O failures carry no message. */
  private String why(Exception e) {
    if (e instanceof java.util.concurrent.TimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  @Override
  public void close() {
    closed = true;
    watchers.clear();
  }
}
