package org.pyros.core.system;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;

/**
 * A {@link GraphSystem} that hands every call to another: extend it and override what differs
 * (a simulation on top of an in-memory graph, a test system that counts or holds back calls).
 */
public abstract class ForwardingGraphSystem implements GraphSystem {
  private final GraphSystem delegate;

  protected ForwardingGraphSystem(GraphSystem delegate) {
    this.delegate = delegate;
  }

  /** The system calls go to. */
  protected GraphSystem delegate() {
    return delegate;
  }

  @Override
  public String description() {
    return delegate.description();
  }

  @Override
  public CompletionStage<GraphSnapshot> snapshot() {
    return delegate.snapshot();
  }

  @Override
  public Registration watchGraph(Consumer<GraphSnapshot> listener) {
    return delegate.watchGraph(listener);
  }

  @Override
  public CompletionStage<GraphSnapshot> ready() {
    return delegate.ready();
  }

  @Override
  public CompletionStage<Done> whenClosed() {
    return delegate.whenClosed();
  }

  @Override
  public CompletionStage<MessageType> messageType(String typeName) {
    return delegate.messageType(typeName);
  }

  @Override
  public CompletionStage<ServiceType> serviceType(String typeName) {
    return delegate.serviceType(typeName);
  }

  @Override
  public CompletionStage<TopicPublisher> advertise(TopicInfo topic, PublishOptions options) {
    return delegate.advertise(topic, options);
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage) {
    return delegate.subscribe(topic, queueSize, onMessage);
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage, Runnable onDrop) {
    return delegate.subscribe(topic, queueSize, onMessage, onDrop);
  }

  @Override
  public Optional<TopicTraffic> traffic(String topic) {
    return delegate.traffic(topic);
  }

  @Override
  public CompletionStage<Message> call(ServiceInfo service, Message request, Duration timeout) {
    return delegate.call(service, request, timeout);
  }

  @Override
  public CompletionStage<Registration> serve(ServiceInfo service, ServiceHandler handler) {
    return delegate.serve(service, handler);
  }

  @Override
  public CompletionStage<Optional<Object>> getParam(String name) {
    return delegate.getParam(name);
  }

  @Override
  public CompletionStage<Done> setParam(String name, Object value) {
    return delegate.setParam(name, value);
  }

  @Override
  public CompletionStage<Done> deleteParam(String name) {
    return delegate.deleteParam(name);
  }

  @Override
  public CompletionStage<List<String>> paramNames() {
    return delegate.paramNames();
  }

  @Override
  public CompletionStage<Registration> watchParam(String name, Consumer<Optional<Object>> onChange) {
    return delegate.watchParam(name, onChange);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
