package org.pyros.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.ServiceHandler;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * An in-memory graph seen as a remote one is: empty until {@link #open()}, the moment its first
 * view comes in (as a ROS master's first answer does). Counts its closes.
 */
final class GatedSystem implements GraphSystem {
  final InMemorySystem graph = new InMemorySystem();
  final AtomicInteger closes = new AtomicInteger();
  private final CompletableFuture<GraphSnapshot> ready = new CompletableFuture<>();
  private final List<Consumer<GraphSnapshot>> watchers = new CopyOnWriteArrayList<>();
  private volatile boolean open;

  GatedSystem() {
    graph.watchGraph(g -> {
      if (open) {
        watchers.forEach(w -> w.accept(g));
      }
    });
  }

  /** The graph becomes visible: watchers get it, then {@link #ready()} completes. */
  void open() {
    open = true;
    GraphSnapshot now = graph.snapshot().toCompletableFuture().join();
    watchers.forEach(w -> w.accept(now));
    ready.complete(now);
  }

  @Override
  public String description() {
    return "gated in-memory";
  }

  @Override
  public CompletionStage<GraphSnapshot> snapshot() {
    return open ? graph.snapshot() : CompletableFuture.completedFuture(GraphSnapshot.EMPTY);
  }

  @Override
  public Registration watchGraph(Consumer<GraphSnapshot> listener) {
    watchers.add(listener);
    listener.accept(snapshot().toCompletableFuture().join());
    return () -> watchers.remove(listener);
  }

  @Override
  public CompletionStage<GraphSnapshot> ready() {
    return ready.copy();
  }

  @Override
  public CompletionStage<MessageType> messageType(String typeName) {
    return graph.messageType(typeName);
  }

  @Override
  public CompletionStage<ServiceType> serviceType(String typeName) {
    return graph.serviceType(typeName);
  }

  @Override
  public CompletionStage<TopicPublisher> advertise(TopicInfo topic, PublishOptions options) {
    return graph.advertise(topic, options);
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage) {
    return graph.subscribe(topic, queueSize, onMessage);
  }

  @Override
  public CompletionStage<Message> call(ServiceInfo service, Message request, Duration timeout) {
    return graph.call(service, request, timeout);
  }

  @Override
  public CompletionStage<Registration> serve(ServiceInfo service, ServiceHandler handler) {
    return graph.serve(service, handler);
  }

  @Override
  public CompletionStage<Optional<Object>> getParam(String name) {
    return graph.getParam(name);
  }

  @Override
  public CompletionStage<Done> setParam(String name, Object value) {
    return graph.setParam(name, value);
  }

  @Override
  public CompletionStage<Done> deleteParam(String name) {
    return graph.deleteParam(name);
  }

  @Override
  public CompletionStage<List<String>> paramNames() {
    return graph.paramNames();
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    graph.close();
  }
}
