package org.pyros.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.ros2.system.QosProfiles;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;

/**
 * One short-lived Pyros node for a ROS 2 command: an actor system, a {@link Ros2System} joined
 * to the domain as {@code /pyros_cli_<pid>_<n>}, a node exposing everything and its client.
 * A DDS graph has no master to ask: the graph is what discovery has found once it settles.
 */
final class Ros2Connection extends GraphConnection {
  /** Discovery is taken as settled when the graph has not changed for this long. */
  private static final Duration SETTLED = Duration.ofMillis(1000);
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final Ros2System ros2;

  private Ros2Connection(PyrosRuntime runtime, Duration graphWait) {
    super(runtime, graphWait);
    this.ros2 = (Ros2System) runtime.system();
  }

  /** Joins the domain; {@code latched} topics are published latched, {@code qos} names profiles by topic. */
  static Ros2Connection open(Ros2Options options, Duration graphWait, NameFilter latched, Map<String, String> qos) {
    Config config = ConfigFactory.load("pyros-cli");
    Ros2Settings settings = settings(options, config, qos);
    return new Ros2Connection(start(config, actors -> {
      try {
        return CompletableFuture.completedFuture(Ros2System.start(settings));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }, latched, graphWait), graphWait);
  }

  private static Ros2Settings settings(Ros2Options options, Config config, Map<String, String> qos) {
    Ros2Settings base = Ros2Settings.fromConfig(config);
    QosProfiles profiles = base.qos();
    for (var e : qos.entrySet()) {
      try {
        profiles = profiles.withTopic(e.getKey(), e.getValue());
      } catch (IllegalArgumentException bad) {
        throw new CliFailure("--qos: " + bad.getMessage(), bad);
      }
    }
    String node = "/pyros_cli_" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
    try {
      return new Ros2Settings(options.domain != null ? options.domain : base.domainId(), node, base.bindAddress(),
          options.peers.isEmpty() ? base.peers() : options.peers, base.maxPeerIndex(), base.participantIndex(),
          base.leaseDuration(), base.announcePeriod(), base.multicastInterface(), profiles);
    } catch (IllegalArgumentException e) {
      throw new CliFailure("--domain: " + e.getMessage(), e);
    }
  }

  /** The topics discovery has found, once the graph has stopped changing (at most the graph wait). */
  @Override
  Map<String, String> graphTopics() {
    Map<String, String> topics = new TreeMap<>();
    for (TopicInfo t : settledSnapshot().topics().values()) {
      topics.put(t.name(), t.type());
    }
    return topics;
  }

  @Override
  Map<String, NodeInfo> graphNodes() {
    Map<String, NodeInfo> nodes = new TreeMap<>(settledSnapshot().nodes());
    nodes.remove(ros2.settings().nodeName());
    return nodes;
  }

  @Override
  java.util.Set<String> graphServices() {
    return new java.util.TreeSet<>(settledSnapshot().services().keySet());
  }

  /** The graph once discovery has stopped changing it (at most the graph wait). */
  private GraphSnapshot settledSnapshot() {
    long deadline = System.nanoTime() + graphWait().toNanos();
    GraphSnapshot last = await(ros2.snapshot());
    long stableSince = System.nanoTime();
    while (System.nanoTime() - stableSince < SETTLED.toNanos() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50); // discovery runs in the background and has no "done"; see SETTLED
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure("interrupted", e);
      }
      GraphSnapshot now = await(ros2.snapshot());
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
    return last;
  }

  @Override
  String where() {
    return "ROS 2 domain " + ros2.settings().domainId();
  }

  @Override
  RosConnection ros1(String command) {
    throw new CliFailure(command + " is not available on ROS 2 yet (topics, services, nodes, echo, pub, call and param are)");
  }
}
