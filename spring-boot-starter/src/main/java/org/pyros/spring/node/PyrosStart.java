package org.pyros.spring.node;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.cluster.ClusterConfig;
import org.pyros.cluster.PyrosCluster;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.memory.InMemorySystem;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;
import org.pyros.spring.config.PyrosProperties;
import org.pyros.spring.config.PyrosProperties.SystemKind;

/**
 * Starts the node {@code pyros.system} names: ROS 1, ROS 2 and in-memory through {@link
 * PyrosRuntime#builder()}, a cluster member through {@link PyrosCluster}, each with the settings
 * classes of its module read from the configuration.
 */
public final class PyrosStart {
  /** The actor system's name outside a cluster (a cluster's comes from pyros.cluster.system-name). */
  static final String ACTOR_SYSTEM = "pyros";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private PyrosStart() {}

  /**
   * Starts and waits until the node is ready (or, with the graph not reachable, until {@code
   * pyros.ready-timeout} has passed: the node goes on learning the graph).
   *
   * @throws IllegalStateException when it cannot start (the message says why)
   */
  public static RunningPyros start(PyrosProperties properties, Config config) {
    return properties.system() == SystemKind.CLUSTER ? cluster(properties, config) : local(properties, config);
  }

  private static RunningPyros local(PyrosProperties properties, Config config) {
    SystemKind kind = properties.system();
    Duration wait = config.getDuration("pyros.ready-timeout").plus(config.getDuration("pyros.ask-timeout")).plusSeconds(10);
    PyrosRuntime runtime = await(PyrosRuntime.builder()
        .newActorSystem(ACTOR_SYSTEM, config)
        .graph(graph(kind, config))
        .start(), wait, kind);
    GraphSystem system = runtime.system();
    Map<String, Object> facts = facts(properties, system.description());
    GraphCheck check = switch (kind) {
      case ROS1 -> masterCheck((RosSystem) system, facts);
      case ROS2 -> discoveryCheck((Ros2System) system, facts);
      default -> () -> CompletableFuture.completedFuture(Map.of());
    };
    return new RunningPyros(kind, system.description(), runtime.actors(), runtime.node(), runtime.client(), check, facts,
        () -> !system.whenClosed().toCompletableFuture().isDone(), runtime::close, runtime.metrics());
  }

  private static RunningPyros cluster(PyrosProperties properties, Config config) {
    PyrosProperties.Cluster c = properties.cluster();
    Map<String, String> env = new HashMap<>(System.getenv());
    if (c.seeds() != null && !c.seeds().isEmpty()) {
      env.put("PYROS_CLUSTER_SEEDS", String.join(",", c.seeds()));
    }
    String role = config.getString(c.hostNode() ? "pyros.cluster.node-role" : "pyros.cluster.client-role");
    Config member = ClusterConfig.load(env, config, List.of(role));
    ActorSystem<?> actors = ActorSystem.create(Behaviors.empty(), member.getString("pyros.cluster.system-name"), member);
    PyrosCluster cluster;
    try {
      Function<ActorSystem<?>, CompletionStage<? extends GraphSystem>> graph = graph(c.graph(), member);
      cluster = c.hostNode() ? PyrosCluster.host(actors, () -> graph.apply(actors)) : PyrosCluster.client(actors);
    } catch (RuntimeException e) {
      terminate(actors);
      throw new IllegalStateException("Pyros did not start as a cluster member: " + e.getMessage(), e);
    }
    Map<String, Object> facts = facts(properties, "cluster " + actors.address());
    facts.put("hostsNode", c.hostNode());
    PyrosCluster joined = cluster;
    Duration ask = member.getDuration("pyros.cluster.identify-timeout");
    GraphCheck check = () -> joined.client().nodes()
        .toCompletableFuture().orTimeout(ask.toMillis(), TimeUnit.MILLISECONDS)
        .handle((nodes, failure) -> {
          if (failure != null) {
            throw new IllegalStateException("no member hosting the Pyros node is known: " + reason(failure));
          }
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("hostsNodeNow", joined.hostsNode());
          joined.requestLink().ifPresent(link -> d.put("requestLink", link.toString()));
          return d;
        });
    return new RunningPyros(SystemKind.CLUSTER, "cluster " + actors.address(), actors, cluster.node(), cluster.client(),
        check, facts, () -> true, () -> terminate(actors), cluster.metrics());
  }

  /** The graph system {@code kind} names, started in the node's actor system. */
  private static Function<ActorSystem<?>, CompletionStage<? extends GraphSystem>> graph(SystemKind kind, Config config) {
    return switch (kind) {
      case ROS1 -> {
        RosSettings settings = RosSettings.fromConfig(config);
        MessageTypes types = MessageTypes.fromEnvironment();
        yield a -> RosSystem.start(a, settings, types);
      }
      case ROS2 -> {
        Ros2Settings settings = Ros2Settings.fromConfig(config);
        yield a -> {
          try {
            return CompletableFuture.completedFuture(Ros2System.start(settings));
          } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
          }
        };
      }
      case IN_MEMORY -> a -> CompletableFuture.completedFuture(new InMemorySystem());
      case CLUSTER -> throw new IllegalArgumentException("a cluster member's graph is ros1, ros2 or in-memory");
    };
  }

  /** The master answers a call (the node's own polling of it is not visible from here). */
  private static GraphCheck masterCheck(RosSystem ros, Map<String, Object> facts) {
    facts.put("nodeName", ros.settings().nodeName());
    facts.put("masterUri", ros.masterUri().toString());
    return () -> ros.paramNames().handle((names, failure) -> {
      if (failure != null) {
        throw new IllegalStateException("the ROS master at " + ros.masterUri() + " does not answer: " + reason(failure));
      }
      return Map.of("masterUri", ros.masterUri().toString());
    });
  }

  /** DDS discovery has found another participant of the domain. */
  private static GraphCheck discoveryCheck(Ros2System ros2, Map<String, Object> facts) {
    String self = ros2.settings().nodeName();
    int domain = ros2.settings().domainId();
    facts.put("nodeName", self);
    facts.put("domainId", domain);
    return () -> ros2.snapshot().thenApply(graph -> {
      long others = graph.nodes().keySet().stream().filter(n -> !n.equals(self)).count();
      if (others == 0) {
        throw new IllegalStateException("DDS discovery has found no other node in domain " + domain);
      }
      return Map.of("domainId", domain, "discoveredNodes", others);
    });
  }

  private static Map<String, Object> facts(PyrosProperties p, String description) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("system", p.system().name().toLowerCase().replace('_', '-'));
    facts.put("graph", description);
    PyrosProperties.Expose e = p.expose();
    facts.put("exposure", Map.of("topics", e.topics(), "services", e.services(), "params", e.params(), "deny", e.deny()));
    return facts;
  }

  private static PyrosRuntime await(CompletionStage<PyrosRuntime> start, Duration wait, SystemKind kind) {
    try {
      return start.toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable why = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Pyros did not start on " + kind.name().toLowerCase() + ": " + reason(why), why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Pyros started", e);
    }
  }

  private static void terminate(ActorSystem<?> actors) {
    actors.terminate();
    try {
      actors.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the actor system " + actors.name() + " did not stop within " + STOP_TIMEOUT, e);
    }
  }

  /** A failure in words: the innermost message, with the error code of a Pyros failure. */
  static String reason(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof PyrosException p && p.code() != ErrorCode.SYSTEM_FAILURE) {
      return p.code() + " " + p.getMessage();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
