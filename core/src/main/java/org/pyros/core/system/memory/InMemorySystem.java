package org.pyros.core.system.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.BoundedDelivery;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.ParamNames;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.ServiceHandler;
import org.pyros.core.system.TopicPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole graph in memory: topics with fan-out to bounded per-subscriber queues, services as
 * registered functions, a parameter tree. Lets Pyros run and be tested with no ROS at all; the
 * simulated "other nodes" of a test or demo use the same methods as the Pyros node.
 *
 * <p>A topic exists while something publishes or subscribes to it; a service while it is served.
 * The {@link StandardTypes} are known from the start; others are learnt when registered or
 * published.
 */
public final class InMemorySystem implements GraphSystem {
  private static final Logger log = LoggerFactory.getLogger(InMemorySystem.class);

  private final Object lock = new Object();
  private final ExecutorService executor;
  private final Map<String, MessageType> messageTypes = new HashMap<>();
  private final Map<String, ServiceType> serviceTypes = new HashMap<>();
  private final Map<String, Topic> topics = new HashMap<>();
  private final Map<String, Service> services = new HashMap<>();
  private final ParamTree params = new ParamTree();
  private final Map<String, RuntimeException> publishFaults = new HashMap<>();
  private final List<Consumer<GraphSnapshot>> watchers = new CopyOnWriteArrayList<>();
  private final Object notifyLock = new Object();
  private final List<ParamWatcher> paramWatchers = new CopyOnWriteArrayList<>();

  /** One topic: its type and who uses it. Guarded by {@code lock}. */
  private static final class Topic {
    final String type;
    final List<BoundedDelivery<Message>> subscribers = new ArrayList<>();
    int publishers;
    Message latched;

    Topic(String type) {
      this.type = type;
    }
  }

  private record Service(ServiceInfo info, ServiceHandler handler) {}

  /** One watch of a parameter; {@code last} is the value reported last. Guarded by {@code lock}. */
  private static final class ParamWatcher {
    final String name;
    final BoundedDelivery<Optional<Object>> delivery;
    Optional<Object> last;

    ParamWatcher(String name, BoundedDelivery<Optional<Object>> delivery) {
      this.name = name;
      this.delivery = delivery;
    }
  }

  public InMemorySystem() {
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "pyros-in-memory-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    StandardTypes.messageTypes().forEach(this::register);
    StandardTypes.serviceTypes().forEach(this::register);
  }

  /** Makes a message type known by name. */
  public void register(MessageType type) {
    synchronized (lock) {
      messageTypes.put(type.name(), type);
    }
  }

  /** Makes a service type known by name. */
  public void register(ServiceType type) {
    synchronized (lock) {
      serviceTypes.put(type.name(), type);
      messageTypes.put(type.request().name(), type.request());
      messageTypes.put(type.response().name(), type.response());
    }
  }

  /**
   * Makes the next publish on {@code topic} throw {@code error}, as a failing transport would;
   * for testing how the node copes.
   */
  public void failNextPublish(String topic, RuntimeException error) {
    synchronized (lock) {
      publishFaults.put(topic, error);
    }
  }

  @Override
  public String description() {
    return "in-memory";
  }

  @Override
  public CompletionStage<GraphSnapshot> snapshot() {
    return CompletableFuture.completedFuture(currentSnapshot());
  }

  @Override
  public Registration watchGraph(Consumer<GraphSnapshot> listener) {
    watchers.add(listener);
    synchronized (notifyLock) {
      listener.accept(currentSnapshot());
    }
    return () -> watchers.remove(listener);
  }

  @Override
  public CompletionStage<MessageType> messageType(String typeName) {
    synchronized (lock) {
      MessageType t = messageTypes.get(typeName);
      return t != null ? CompletableFuture.completedFuture(t) : failed(ErrorCode.UNKNOWN_TYPE, "unknown message type " + typeName);
    }
  }

  @Override
  public CompletionStage<ServiceType> serviceType(String typeName) {
    synchronized (lock) {
      ServiceType t = serviceTypes.get(typeName);
      return t != null ? CompletableFuture.completedFuture(t) : failed(ErrorCode.UNKNOWN_TYPE, "unknown service type " + typeName);
    }
  }

  @Override
  public CompletionStage<TopicPublisher> advertise(TopicInfo info, PublishOptions options) {
    synchronized (lock) {
      Topic topic = topic(info);
      if (topic == null) {
        return failed(ErrorCode.BAD_MESSAGE, "topic " + info.name() + " carries " + topics.get(info.name()).type + ", not " + info.type());
      }
      topic.publishers++;
    }
    graphChanged();
    return CompletableFuture.completedFuture(new Publisher(info.name(), options.latch()));
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo info, int queueSize, Consumer<Message> onMessage) {
    return subscribe(info, queueSize, onMessage, () -> {});
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo info, int queueSize, Consumer<Message> onMessage, Runnable onDrop) {
    BoundedDelivery<Message> queue = new BoundedDelivery<>(queueSize, executor, onMessage, onDrop);
    synchronized (lock) {
      Topic topic = topic(info);
      if (topic == null) {
        return failed(ErrorCode.BAD_MESSAGE, "topic " + info.name() + " carries " + topics.get(info.name()).type + ", not " + info.type());
      }
      topic.subscribers.add(queue);
      if (topic.latched != null) {
        queue.offer(topic.latched);
      }
    }
    graphChanged();
    return CompletableFuture.completedFuture(Registration.once(() -> {
      queue.close();
      synchronized (lock) {
        Topic topic = topics.get(info.name());
        topic.subscribers.remove(queue);
        dropIfUnused(info.name(), topic);
      }
      graphChanged();
    }));
  }

  @Override
  public CompletionStage<Message> call(ServiceInfo info, Message request, Duration timeout) {
    Service service;
    synchronized (lock) {
      service = services.get(info.name());
    }
    if (service == null) {
      return failed(ErrorCode.NOT_FOUND, "service " + info.name() + " is not in the graph");
    }
    ServiceType type;
    synchronized (lock) {
      type = serviceTypes.get(service.info().type());
    }
    if (type != null && !type.request().name().equals(request.type().name())) {
      return failed(ErrorCode.BAD_MESSAGE, "service " + info.name() + " takes " + type.request().name() + ", not " + request.type().name());
    }
    return CompletableFuture.supplyAsync(() -> service.handler().handle(request), executor)
        .thenCompose(stage -> stage)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((response, failure) -> {
          if (failure == null) {
            return response;
          }
          PyrosException e = PyrosException.of(failure, ErrorCode.SERVICE_FAILED);
          if (e.code() == ErrorCode.TIMEOUT) {
            throw new PyrosException(ErrorCode.TIMEOUT, "service " + info.name() + " did not answer within " + timeout.toMillis() + " ms");
          }
          throw new PyrosException(e.code(), "service " + info.name() + " failed: " + e.getMessage(), failure);
        });
  }

  @Override
  public CompletionStage<Registration> serve(ServiceInfo info, ServiceHandler handler) {
    Service service = new Service(info, handler);
    synchronized (lock) {
      if (services.containsKey(info.name())) {
        log.info("Service {} is served again; the new handler replaces the old", info.name());
      }
      services.put(info.name(), service);
    }
    graphChanged();
    return CompletableFuture.completedFuture(Registration.once(() -> {
      synchronized (lock) {
        services.remove(info.name(), service);
      }
      graphChanged();
    }));
  }

  @Override
  public CompletionStage<Optional<Object>> getParam(String name) {
    synchronized (lock) {
      return CompletableFuture.completedFuture(params.get(name));
    }
  }

  @Override
  public CompletionStage<Done> setParam(String name, Object value) {
    try {
      synchronized (lock) {
        params.set(name, value);
      }
    } catch (IllegalArgumentException e) {
      return failed(ErrorCode.BAD_MESSAGE, "param " + name + ": " + e.getMessage());
    }
    paramChanged(name);
    graphChanged();
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public CompletionStage<Done> deleteParam(String name) {
    boolean deleted;
    synchronized (lock) {
      deleted = params.delete(name);
    }
    if (!deleted) {
      return failed(ErrorCode.NOT_FOUND, "param " + name + " is not set");
    }
    paramChanged(name);
    graphChanged();
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /** Reports changes as they are made (no polling); a watcher that falls behind gets the latest value. */
  @Override
  public CompletionStage<Registration> watchParam(String name, Consumer<Optional<Object>> onChange) {
    ParamWatcher watcher = new ParamWatcher(ParamNames.normalized(name), new BoundedDelivery<>(16, executor, onChange));
    synchronized (lock) {
      watcher.last = params.get(watcher.name);
      watcher.delivery.offer(watcher.last);
      paramWatchers.add(watcher);
    }
    return CompletableFuture.completedFuture(Registration.once(() -> {
      paramWatchers.remove(watcher);
      watcher.delivery.close();
    }));
  }

  private void paramChanged(String name) {
    synchronized (lock) {
      for (ParamWatcher w : paramWatchers) {
        if (ParamNames.related(name, w.name)) {
          Optional<Object> now = params.get(w.name);
          if (!java.util.Objects.deepEquals(now.orElse(null), w.last.orElse(null))) {
            w.last = now;
            w.delivery.offer(now);
          }
        }
      }
    }
  }

  @Override
  public CompletionStage<List<String>> paramNames() {
    synchronized (lock) {
      return CompletableFuture.completedFuture(params.names());
    }
  }

  @Override
  public void close() {
    watchers.clear();
    paramWatchers.forEach(w -> w.delivery.close());
    paramWatchers.clear();
    executor.shutdownNow();
  }

  /** Publishes on one topic; delivery is asynchronous and bounded per subscriber. */
  private final class Publisher implements TopicPublisher {
    private final String name;
    private final boolean latch;
    private final Registration closer;

    Publisher(String name, boolean latch) {
      this.name = name;
      this.latch = latch;
      this.closer = Registration.once(() -> {
        synchronized (lock) {
          Topic topic = topics.get(name);
          topic.publishers--;
          dropIfUnused(name, topic);
        }
        graphChanged();
      });
    }

    @Override
    public void publish(Message message) {
      List<BoundedDelivery<Message>> targets;
      synchronized (lock) {
        RuntimeException fault = publishFaults.remove(name);
        if (fault != null) {
          throw fault;
        }
        Topic topic = topics.get(name);
        if (!topic.type.equals(message.type().name())) {
          throw new MessageFormatException("", "topic " + name + " carries " + topic.type + ", not " + message.type().name());
        }
        messageTypes.putIfAbsent(message.type().name(), message.type());
        if (latch) {
          topic.latched = message;
        }
        targets = List.copyOf(topic.subscribers);
      }
      targets.forEach(q -> q.offer(message));
    }

    @Override
    public void cancel() {
      closer.cancel();
    }
  }

  /** The topic, created if needed; null when it exists with another type. Holds {@code lock}. */
  private Topic topic(TopicInfo info) {
    Topic topic = topics.computeIfAbsent(info.name(), n -> new Topic(info.type()));
    return topic.type.equals(info.type()) ? topic : null;
  }

  private void dropIfUnused(String name, Topic topic) {
    if (topic.publishers == 0 && topic.subscribers.isEmpty()) {
      topics.remove(name);
    }
  }

  private GraphSnapshot currentSnapshot() {
    synchronized (lock) {
      List<TopicInfo> t = new ArrayList<>();
      topics.forEach((name, topic) -> t.add(new TopicInfo(name, topic.type)));
      List<ServiceInfo> s = services.values().stream().map(Service::info).toList();
      return GraphSnapshot.of(t, s, params.names());
    }
  }

  private void graphChanged() {
    // One notifier at a time, so every watcher sees snapshots in the order they were taken.
    synchronized (notifyLock) {
      GraphSnapshot snapshot = currentSnapshot();
      watchers.forEach(w -> w.accept(snapshot));
    }
  }

  private static <T> CompletableFuture<T> failed(ErrorCode code, String message) {
    return CompletableFuture.failedFuture(new PyrosException(code, message));
  }
}
