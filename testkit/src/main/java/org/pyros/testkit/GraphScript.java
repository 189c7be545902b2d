package org.pyros.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;

/**
 * The "other nodes" of a test's graph: publishers, services and params the test scripts, with
 * the {@link GraphSystem} SPI, so the application under test meets them through its Pyros node.
 *
 * <p>Publishers and services are visible to the node under test when the method returns (when
 * the node exposes them), so the application can subscribe or call right away. Everything
 * scripted is withdrawn when the kit closes.
 */
public final class GraphScript {
  private final GraphBackend backend;
  private final GraphSystem system;
  private final TopicRecorders recorders;
  private final PyrosClient client;
  private final ActorSystem<?> actors;
  private final Duration timeout;
  private final int capacity;
  private final List<AutoCloseable> scripted = new CopyOnWriteArrayList<>();

  GraphScript(GraphBackend backend, TopicRecorders recorders, PyrosClient client, ActorSystem<?> actors, Duration timeout, int capacity) {
    this.backend = backend;
    this.system = backend.scriptSystem();
    this.recorders = recorders;
    this.client = client;
    this.actors = actors;
    this.timeout = timeout;
    this.capacity = capacity;
  }

  /** Advertises {@code topic} to publish {@code messages} in order; start with {@link ScriptedPublisher#every}. */
  public ScriptedPublisher publishing(String topic, MessageType type, Message... messages) {
    return publishing(topic, type, List.of(messages));
  }

  /** Advertises {@code topic} to publish {@code messages} in order; start with {@link ScriptedPublisher#every}. */
  public ScriptedPublisher publishing(String topic, MessageType type, List<Message> messages) {
    for (Message m : messages) {
      if (!m.type().name().equals(type.name())) {
        throw new IllegalArgumentException("topic " + topic + " carries " + type.name() + ", got a " + m.type().name());
      }
    }
    return advertise(topic, type, List.copyOf(messages), null);
  }

  /**
   * Advertises {@code topic} to publish whatever {@code next} gives, without end (a simulated
   * sensor, a robot's pose); start with {@link ScriptedPublisher#every}.
   */
  public ScriptedPublisher publishing(String topic, MessageType type, Supplier<Message> next) {
    return advertise(topic, type, List.of(), next);
  }

  private ScriptedPublisher advertise(String topic, MessageType type, List<Message> sequence, Supplier<Message> supplier) {
    backend.register(type);
    TopicPublisher publisher = await(system.advertise(new TopicInfo(topic, type.name()), PublishOptions.DEFAULT), "advertising " + topic);
    ScriptedPublisher p = new ScriptedPublisher(topic, publisher, actors.scheduler(), actors.executionContext(), sequence, supplier);
    scripted.add(p);
    awaitNodeSees("topic " + topic, () -> client.topicType(topic));
    return p;
  }

  /** Provides {@code name} to the graph, answering each request with {@code answer}. */
  public ScriptedService serving(String name, ServiceType type, Function<Message, Message> answer) {
    backend.register(type);
    ScriptedService service = new ScriptedService(name, type, answer, capacity);
    Registration registration = await(system.serve(new ServiceInfo(name, type.name()), service::handle), "serving " + name);
    service.attach(registration);
    scripted.add(service);
    awaitNodeSees("service " + name, () -> client.serviceType(name));
    return service;
  }

  /**
   * Subscribes to {@code topic} as another node, calling {@code onMessage} for each message (on
   * a graph thread), e.g. a simulated robot that moves by the commands it receives.
   */
  public Registration subscribing(String topic, MessageType type, Consumer<Message> onMessage) {
    backend.register(type);
    Registration r = await(system.subscribe(new TopicInfo(topic, type.name()), 100, onMessage), "subscribing to " + topic);
    scripted.add(r::cancel);
    return r;
  }

  /** Records {@code topic} from now on (topics are recorded anyway when the kit records all). */
  public TopicProbe record(String topic, MessageType type) {
    backend.register(type);
    return recorders.record(new TopicInfo(topic, type.name()));
  }

  /** Sets a parameter in the graph, e.g. configuration the application reads at start. */
  public void setParam(String name, Object value) {
    await(system.setParam(name, value), "setting param " + name);
  }

  /** A parameter's value as the graph holds it now. */
  public Optional<Object> param(String name) {
    return await(system.getParam(name), "reading param " + name);
  }

  /**
   * Makes the next publish on {@code topic} fail with {@code error}, as a failing transport
   * would; the application's publish gets an error. In-memory graphs only.
   */
  public void failNextPublish(String topic, RuntimeException error) {
    backend.inMemory()
        .orElseThrow(() -> new UnsupportedOperationException("failNextPublish needs an in-memory graph, not " + backend.description()))
        .failNextPublish(topic, error);
  }

  /** Withdraws everything scripted. */
  void close() {
    for (AutoCloseable c : scripted) {
      try {
        c.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(GraphScript.class).warn("Closing {} failed", c, e);
      }
    }
    scripted.clear();
  }

  /**
   * Waits until the node under test knows the name, so the application can use it at once.
   * NOT_EXPOSED ends the wait: the node will never see it, which a test may want.
   */
  private void awaitNodeSees(String what, Supplier<CompletionStage<?>> describe) {
    Poll.until(timeout, "the Pyros node to see " + what, () -> {
      try {
        describe.get().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (java.util.concurrent.ExecutionException e) {
        PyrosException p = PyrosException.of(e, ErrorCode.SYSTEM_FAILURE);
        return p.code() == ErrorCode.NOT_EXPOSED;
      } catch (Exception e) {
        return false;
      }
    });
  }

  private <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw PyrosException.of(e, ErrorCode.SYSTEM_FAILURE);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(what + " took longer than " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while " + what, e);
    }
  }
}
