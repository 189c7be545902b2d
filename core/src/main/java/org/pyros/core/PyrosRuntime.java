package org.pyros.core;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.client.RequestRoute;
import org.pyros.core.expose.Exposure;
import org.pyros.core.metrics.PyrosMetrics;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.GraphSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Pyros: the actor system, the {@link GraphSystem}, the {@link PyrosNode} on it and a
 * {@link PyrosClient} of it, started by one {@link Builder} and closed by one {@link #close()}.
 *
 * <pre>{@code
 * PyrosRuntime pyros = PyrosRuntime.builder()
 *     .newActorSystem("app", ConfigFactory.load())
 *     .graph(actors -> CompletableFuture.completedFuture(new InMemorySystem())) // or RosSystem.start(...)
 *     .start()
 *     .toCompletableFuture().get(30, TimeUnit.SECONDS);
 * pyros.client().subscribe("/chatter", m -> System.out.println(m.getString("data")));
 * pyros.close();
 * }</pre>
 *
 * <p>{@link Builder#start()} completes once the node is ready: it has the system's first view of
 * the graph ({@link GraphSystem#ready()}) and the type of every exposed topic in it is resolved
 * (or failed to be), so a call or subscribe right after start finds what the graph has. When the
 * graph is not reachable within {@code pyros.ready-timeout}, start completes anyway with a
 * warning, and the node goes on learning the graph in the background (requests meanwhile are
 * answered {@code UNAVAILABLE}).
 */
public final class PyrosRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PyrosRuntime.class);
  private static final AtomicInteger instances = new AtomicInteger();
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<?> actors;
  private final boolean ownsActors;
  private final GraphSystem system;
  private final boolean ownsSystem;
  private final ActorRef<PyrosNode.Command> node;
  private final PyrosClient client;
  private final ActorRef<Stop> guardian;
  private final CompletableFuture<Done> nodeStopped;
  private final PyrosMetrics metrics;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Done> closed = new CompletableFuture<>();

  /** What the guardian of a node understands: one thing. */
  private enum Stop { INSTANCE }

  private PyrosRuntime(ActorSystem<?> actors, boolean ownsActors, GraphSystem system, boolean ownsSystem,
      ActorRef<PyrosNode.Command> node, PyrosClient client, ActorRef<Stop> guardian, CompletableFuture<Done> nodeStopped,
      PyrosMetrics metrics) {
    this.actors = actors;
    this.ownsActors = ownsActors;
    this.system = system;
    this.ownsSystem = ownsSystem;
    this.node = node;
    this.client = client;
    this.guardian = guardian;
    this.nodeStopped = nodeStopped;
    this.metrics = metrics;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The actor system the node (or, for a node elsewhere, the client) runs in. */
  public ActorSystem<?> actors() {
    return actors;
  }

  /**
   * The graph system the node runs on.
   *
   * @throws IllegalStateException when the node runs elsewhere ({@link Builder#node})
   */
  public GraphSystem system() {
    if (system == null) {
      throw new IllegalStateException("the Pyros node runs elsewhere: this runtime has no graph system");
    }
    return system;
  }

  /** The node actor, for actor code ({@link PyrosNode.Command}). */
  public ActorRef<PyrosNode.Command> node() {
    return node;
  }

  /** The node's plain Java client. */
  public PyrosClient client() {
    return client;
  }

  /**
   * The node's and the client's meters (docs/METRICS.md): {@code runtime.metrics().bindTo(registry)}
   * shows them in a Micrometer registry. A runtime whose node runs elsewhere has the client's only.
   */
  public PyrosMetrics metrics() {
    return metrics;
  }

  /** Completes once {@link #close()} has finished. */
  public CompletionStage<Done> whenClosed() {
    return closed.copy();
  }

  /**
   * Stops the node (waiting up to 10 s), closes the graph system when it was given as a
   * function (it unregisters from the graph), then terminates the actor system when the runtime
   * created it. Closing twice waits for the first close.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      closed.join();
      return;
    }
    try {
      stopNode();
      if (ownsSystem) {
        system.close();
      }
      if (ownsActors) {
        actors.terminate();
        await(actors.getWhenTerminated(), "the actor system " + actors.name() + " did not stop");
      }
    } finally {
      metrics.close();
      closed.complete(Done.getInstance());
    }
  }

  private void stopNode() {
    if (guardian == null) {
      return;
    }
    guardian.tell(Stop.INSTANCE);
    await(nodeStopped, "the Pyros node did not stop");
  }

  private static void await(CompletionStage<?> stage, String failure) {
    try {
      stage.toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("{} within {} s: {}", failure, STOP_TIMEOUT.toSeconds(), e.toString());
    }
  }

  /**
   * How to start a {@link PyrosRuntime}: an actor system (given, or created and owned), a node
   * (on a graph system, or one running elsewhere) and the settings of both.
   */
  public static final class Builder {
    private ActorSystem<?> actors;
    private String actorSystemName;
    private Config actorSystemConfig;
    private Config config;
    private Function<? super ActorSystem<?>, ? extends CompletionStage<? extends GraphSystem>> systems;
    private boolean ownsSystem;
    private ActorRef<PyrosNode.Command> remoteNode;
    private RequestRoute route = RequestRoute.NONE;
    private UnaryOperator<NodeSettings> nodeSettings = UnaryOperator.identity();
    private Duration askTimeout;
    private Duration readyTimeout;
    private String nodeName;
    private PyrosMetrics metrics;

    private Builder() {}

    /** Runs in {@code system}, which the caller keeps (close does not terminate it). */
    public Builder actorSystem(ActorSystem<?> system) {
      this.actors = Objects.requireNonNull(system);
      this.actorSystemName = null;
      return this;
    }

    /** Runs in a new actor system of that name and configuration, terminated by {@link PyrosRuntime#close()}. */
    public Builder newActorSystem(String name, Config config) {
      this.actorSystemName = Objects.requireNonNull(name);
      this.actorSystemConfig = Objects.requireNonNull(config);
      this.actors = null;
      return this;
    }

    /**
     * Where the {@code pyros} settings (exposure, timeouts, topics) are read; the actor system's
     * configuration by default.
     */
    public Builder config(Config c) {
      this.config = Objects.requireNonNull(c);
      return this;
    }

    /**
     * The graph system the node runs on, started in the runtime's actor system: {@code
     * actors -> RosSystem.start(actors, settings, types)}, a ROS 2 or an in-memory system. The
     * runtime owns it and closes it on {@link PyrosRuntime#close()} (and on a failed start).
     */
    public Builder graph(Function<? super ActorSystem<?>, ? extends CompletionStage<? extends GraphSystem>> systems) {
      this.systems = Objects.requireNonNull(systems);
      this.ownsSystem = true;
      this.remoteNode = null;
      return this;
    }

    /** A graph system the caller owns and closes (the runtime only stops the node on it). */
    public Builder graph(GraphSystem system) {
      Objects.requireNonNull(system);
      this.systems = a -> CompletableFuture.completedFuture(system);
      this.ownsSystem = false;
      this.remoteNode = null;
      return this;
    }

    /**
     * No node of its own: a client of {@code node}, which runs elsewhere (a cluster singleton),
     * whose requests take {@code route} while it is open. Start does not wait for readiness then:
     * the node's host does.
     */
    public Builder node(ActorRef<PyrosNode.Command> node, RequestRoute route) {
      this.remoteNode = Objects.requireNonNull(node);
      this.route = Objects.requireNonNull(route);
      this.systems = null;
      return this;
    }

    /** Adjusts the node settings read from the configuration (e.g. {@code s -> s.withLatched(f)}). */
    public Builder nodeSettings(UnaryOperator<NodeSettings> adjust) {
      UnaryOperator<NodeSettings> before = nodeSettings;
      Objects.requireNonNull(adjust);
      this.nodeSettings = s -> adjust.apply(before.apply(s));
      return this;
    }

    /** What the node exposes, instead of {@code pyros.expose}. */
    public Builder exposure(Exposure exposure) {
      Objects.requireNonNull(exposure);
      return nodeSettings(s -> s.withExposure(exposure));
    }

    /** How long client requests wait for the node; {@code pyros.ask-timeout} by default. */
    public Builder askTimeout(Duration timeout) {
      this.askTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** How long start waits for the node to be ready; {@code pyros.ready-timeout} by default. */
    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Counts in {@code metrics} (shared with what else the caller counts there, e.g. a cluster's
     * request link) instead of new ones.
     */
    public Builder metrics(PyrosMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics);
      return this;
    }

    /** The node actor's name (unique in the actor system); {@code pyros-node-N} by default. */
    public Builder nodeName(String name) {
      this.nodeName = Objects.requireNonNull(name);
      return this;
    }

    /**
     * Starts the actor system (if asked), the graph system and the node, and completes once the
     * node is ready (see {@link PyrosRuntime}). A failure stops whatever was started already.
     */
    public CompletionStage<PyrosRuntime> start() {
      if (systems == null && remoteNode == null) {
        return CompletableFuture.failedFuture(new IllegalStateException("no graph: give graph(...) or node(...)"));
      }
      if (actors == null && actorSystemName == null) {
        return CompletableFuture.failedFuture(new IllegalStateException("no actor system: give actorSystem(...) or newActorSystem(...)"));
      }
      ActorSystem<?> a;
      try {
        a = actors != null ? actors : ActorSystem.create(Behaviors.empty(), actorSystemName, actorSystemConfig);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      boolean ownsActors = actors == null;
      CompletionStage<PyrosRuntime> started;
      try {
        started = remoteNode != null ? CompletableFuture.completedFuture(clientOnly(a, ownsActors)) : startNode(a, ownsActors);
      } catch (RuntimeException e) {
        started = CompletableFuture.failedFuture(e);
      }
      return started.whenComplete((runtime, failure) -> {
        if (failure != null && ownsActors) {
          a.terminate();
        }
      });
    }

    private PyrosMetrics metrics() {
      return metrics != null ? metrics : new PyrosMetrics();
    }

    private Config config(ActorSystem<?> a) {
      return config != null ? config : a.settings().config();
    }

    private Duration askTimeout(Config c) {
      return askTimeout != null ? askTimeout : c.getDuration("pyros.ask-timeout");
    }

    private PyrosRuntime clientOnly(ActorSystem<?> a, boolean ownsActors) {
      PyrosMetrics m = metrics();
      PyrosClient client = ActorPyrosClient.create(a, remoteNode, askTimeout(config(a)), route, m);
      return new PyrosRuntime(a, ownsActors, null, false, remoteNode, client, null, null, m);
    }

    private CompletionStage<PyrosRuntime> startNode(ActorSystem<?> a, boolean ownsActors) {
      Config c = config(a);
      NodeSettings settings;
      Duration ask;
      Duration ready;
      try {
        settings = nodeSettings.apply(NodeSettings.fromConfig(c));
        ask = askTimeout(c);
        ready = readyTimeout != null ? readyTimeout : c.getDuration("pyros.ready-timeout");
      } catch (RuntimeException e) {
        log.error("Invalid Pyros configuration: {}", e.getMessage());
        return CompletableFuture.failedFuture(e);
      }
      String name = nodeName != null ? nodeName : "pyros-node-" + instances.incrementAndGet();
      boolean owns = ownsSystem;
      return systems.apply(a).thenCompose(system -> {
        CompletionStage<PyrosRuntime> spawned;
        try {
          spawned = spawn(a, ownsActors, system, owns, settings, ask, name, metrics());
        } catch (RuntimeException e) {
          spawned = CompletableFuture.failedFuture(e);
        }
        return spawned.handle((runtime, failure) -> {
          if (failure != null) {
            if (owns) {
              system.close();
            }
            throw new java.util.concurrent.CompletionException(failure);
          }
          // A system closed from the graph's side (a ROS node told to shut down) takes the node with it.
          system.whenClosed().thenRun(runtime::stopNodeQuietly);
          return runtime;
        });
      }).thenCompose(runtime -> NodeReadiness.await(runtime.client, runtime.system, ready).thenApply(v -> runtime));
    }

    private static CompletionStage<PyrosRuntime> spawn(ActorSystem<?> a, boolean ownsActors, GraphSystem system,
        boolean ownsSystem, NodeSettings settings, Duration ask, String name, PyrosMetrics metrics) {
      CompletableFuture<ActorRef<PyrosNode.Command>> nodeRef = new CompletableFuture<>();
      CompletableFuture<Done> stopped = new CompletableFuture<>();
      // A small parent, so that close() can stop the node (a typed actor cannot be stopped from outside).
      Behavior<Stop> parent = Behaviors.setup(ctx -> {
        nodeRef.complete(ctx.spawn(PyrosNode.create(system, settings, metrics), "node", PyrosNode.mailbox()));
        return Behaviors.receive(Stop.class)
            .onMessage(Stop.class, s -> Behaviors.stopped())
            .onSignal(PostStop.class, s -> {
              stopped.complete(Done.getInstance());
              return Behaviors.same();
            })
            .build();
      });
      ActorRef<Stop> guardian = a.systemActorOf(parent, name, Props.empty());
      return nodeRef.orTimeout(ask.toMillis(), TimeUnit.MILLISECONDS).handle((node, failure) -> {
        if (failure != null) {
          guardian.tell(Stop.INSTANCE);
          throw new IllegalStateException("the Pyros node did not start within " + ask.toMillis() + " ms: " + failure, failure);
        }
        return new PyrosRuntime(a, ownsActors, system, ownsSystem, node,
            ActorPyrosClient.create(a, node, ask, RequestRoute.NONE, metrics), guardian, stopped, metrics);
      });
    }
  }

  /** Stops the node when its system closed on its own; a close() under way stops it already. */
  private void stopNodeQuietly() {
    if (guardian != null && !closing.get() && !nodeStopped.isDone()) {
      guardian.tell(Stop.INSTANCE);
    }
  }
}
