package org.pyros.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.msg.Message;
import org.pyros.core.node.PyrosNode;

/**
 * A simulated graph with a Pyros node, for an application's own tests:
 *
 * <pre>{@code
 * try (PyrosTestKit kit = PyrosTestKit.inMemory(exposure)) {
 *   kit.graph().publishing("/robot/pose", StandardTypes.POSE2D, poses).every(Duration.ofMillis(20));
 *   startMyApp(kit.client());
 *   Message cmd = kit.expectPublished("/robot/cmd", Duration.ofSeconds(2));
 * }
 * }</pre>
 *
 * <p>It holds a Pekko {@link ActorTestKit} (for the application's actors and probes), the graph
 * ({@link GraphBackend}, in memory by default), the Pyros node under test and a {@link
 * PyrosClient} of it. {@link #graph()} scripts the other nodes; the {@code expect} methods
 * assert on what the application did. With JUnit 5, {@link PyrosTestKitExtension} starts and
 * stops it.
 */
public final class PyrosTestKit implements AutoCloseable {
  /** Exposes every topic, service and param. */
  public static final Exposure EVERYTHING = new Exposure(
      NameFilter.allowing("/**"), NameFilter.allowing("/**"), NameFilter.allowing("/**"));

  private final GraphBackend backend;
  private final ActorTestKit actorTestKit;
  private final TopicRecorders recorders;
  private final PyrosRuntime runtime;
  private final GraphScript graph;
  private final Duration timeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PyrosTestKit(Builder b, GraphBackend backend) {
    this.backend = backend;
    this.timeout = b.timeout;
    Config config = b.config.withFallback(ConfigFactory.load());
    this.actorTestKit = ActorTestKit.create(b.name, config);
    try {
      // Recording starts before the node exists, so it sees every topic from its first message.
      this.recorders = new TopicRecorders(backend.scriptSystem(), b.probeCapacity, b.recordAllTopics);
      // The backend owns its system: the runtime stops the node on it, the kit closes the backend.
      this.runtime = start(PyrosRuntime.builder()
          .actorSystem(actorTestKit.system())
          .graph(backend.nodeSystem())
          .exposure(b.exposure)
          .askTimeout(timeout)
          .readyTimeout(timeout)
          .nodeName("pyros-node"), timeout);
      this.graph = new GraphScript(backend, recorders, runtime.client(), actorTestKit.system(), timeout, b.probeCapacity);
    } catch (RuntimeException e) {
      actorTestKit.shutdownTestKit();
      throw e;
    }
  }

  private static PyrosRuntime start(PyrosRuntime.Builder builder, Duration timeout) {
    try {
      // Start waits at most the ready timeout for the graph; the rest is the node's own start.
      return builder.start().toCompletableFuture().get(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the Pyros node under test did not start: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the Pyros node under test did not start within " + timeout.multipliedBy(2).toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Pyros node under test", e);
    }
  }

  /** An in-memory graph whose node exposes {@code exposure}. */
  public static PyrosTestKit inMemory(Exposure exposure) {
    return builder().exposure(exposure).start();
  }

  /** An in-memory graph whose node exposes everything. */
  public static PyrosTestKit inMemory() {
    return builder().start();
  }

  /**
   * A real ROS1 graph on Pyros's embedded master (no ROS installation needed), whose node
   * exposes {@code exposure}; see {@link EmbeddedRosBackend}.
   */
  public static PyrosTestKit embeddedRos(Exposure exposure) {
    return builder().exposure(exposure).backend(EmbeddedRosBackend::start).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The other nodes of the graph, scripted by the test. */
  public GraphScript graph() {
    return graph;
  }

  /** The client of the node under test, to hand to the application. */
  public PyrosClient client() {
    return runtime.client();
  }

  /** The node under test, for actors that talk to it with {@link PyrosNode} commands. */
  public ActorRef<PyrosNode.Command> node() {
    return runtime.node();
  }

  /** The Pekko test kit: spawn the application's actors, create probes. */
  public ActorTestKit actorTestKit() {
    return actorTestKit;
  }

  /** The actor system the node runs in. */
  public ActorSystem<Void> system() {
    return actorTestKit.system();
  }

  public GraphBackend backend() {
    return backend;
  }

  /** The default timeout of this kit's waits. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The probe recording {@code topic}, waiting for the topic to appear in the graph (within the
   * kit's timeout). With {@link Builder#recordAllTopics(boolean) recordAllTopics(false)}, record
   * it first with {@link GraphScript#record}.
   */
  public TopicProbe topic(String topic) {
    return recorders.probe(topic, timeout);
  }

  /** The next message published on {@code topic} not yet consumed, within {@code timeout}. */
  public Message expectPublished(String topic, Duration timeout) {
    return recorders.probe(topic, timeout).expectMessage(timeout);
  }

  /** The next message on {@code topic} that matches, skipping others, within {@code timeout}. */
  public Message expectPublished(String topic, Predicate<Message> matching, Duration timeout) {
    return recorders.probe(topic, timeout).expectMessage(matching, timeout);
  }

  /** Fails if a message is published on {@code topic} (and not yet consumed) within {@code within}. */
  public void expectNoPublish(String topic, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    // A topic that does not appear in time had no publish at all.
    recorders.probeIfAppears(topic, within)
        .ifPresent(probe -> probe.expectNoMessage(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
  }

  /** The value of a parameter once it is set (by the application, typically), within {@code timeout}. */
  public Object expectParam(String name, Duration timeout) {
    Object[] value = new Object[1];
    Poll.until(timeout, "param " + name + " to be set", () -> {
      Optional<Object> v = graph.param(name);
      v.ifPresent(x -> value[0] = x);
      return v.isPresent();
    });
    return value[0];
  }

  /** Waits until a parameter equals {@code expected} (Java equality of the plain value). */
  public void expectParam(String name, Object expected, Duration timeout) {
    Object[] last = new Object[1];
    try {
      Poll.until(timeout, "param " + name + " to be " + expected, () -> {
        last[0] = graph.param(name).orElse(null);
        return Objects.equals(expected, last[0]);
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; it is " + last[0], e);
    }
  }

  /** Waits for a stage within the kit's timeout; a failure is rethrown as its {@link PyrosException}. */
  public <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw PyrosException.of(e, ErrorCode.SYSTEM_FAILURE);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no result within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Withdraws the scripted nodes, stops the node and its actor system, and closes the graph. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      graph.close();
      recorders.close();
      runtime.close();
      actorTestKit.shutdownTestKit();
    } finally {
      backend.close();
    }
  }

  /** How to build a kit; {@link #start()} builds one. */
  public static final class Builder {
    private Exposure exposure = EVERYTHING;
    private Config config = ConfigFactory.empty();
    private Supplier<? extends GraphBackend> backend = InMemoryBackend::new;
    private Duration timeout = Duration.ofSeconds(5);
    private int probeCapacity = 10_000;
    private boolean recordAllTopics = true;
    private String name = "pyros-testkit";

    private Builder() {}

    /** What the node exposes; everything by default. */
    public Builder exposure(Exposure e) {
      this.exposure = Objects.requireNonNull(e);
      return this;
    }

    /** Configuration over the application's (e.g. {@code pyros.service-timeout}, Pekko settings). */
    public Builder config(Config c) {
      this.config = Objects.requireNonNull(c);
      return this;
    }

    /** Configuration over the application's, as HOCON text. */
    public Builder config(String hocon) {
      return config(ConfigFactory.parseString(hocon));
    }

    /** Where the graph lives; a fresh {@link InMemoryBackend} by default. Called once per kit. */
    public Builder backend(Supplier<? extends GraphBackend> b) {
      this.backend = Objects.requireNonNull(b);
      return this;
    }

    /** Timeout of the kit's own waits (advertising, the node seeing a name, {@link #await}); 5 s by default. */
    public Builder timeout(Duration t) {
      this.timeout = Objects.requireNonNull(t);
      return this;
    }

    /** Messages (or service requests) each probe keeps; 10 000 by default. */
    public Builder probeCapacity(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("probeCapacity must be at least 1, got " + n);
      }
      this.probeCapacity = n;
      return this;
    }

    /**
     * Whether every topic is recorded from the moment it appears (true by default). Recording
     * subscribes, so a recorded topic stays in the graph until the kit closes.
     */
    public Builder recordAllTopics(boolean all) {
      this.recordAllTopics = all;
      return this;
    }

    /** The actor system's name. */
    public Builder name(String n) {
      this.name = Objects.requireNonNull(n);
      return this;
    }

    /** Starts a kit. */
    public PyrosTestKit start() {
      GraphBackend b = backend.get();
      try {
        return new PyrosTestKit(this, b);
      } catch (RuntimeException | Error e) {
        b.close();
        throw e;
      }
    }
  }
}
