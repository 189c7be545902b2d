package org.pyros.core.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.pyros.core.expose.Exposure;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.metrics.PyrosMetrics;
import org.pyros.core.metrics.SubscriberMeters;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageJson;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.node.LatestMessage;
import org.pyros.core.node.ParamValue;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;
import org.pyros.core.node.TopicEvent;
import org.pyros.core.system.BoundedDelivery;

/**
 * A {@link PyrosClient} that asks a node actor: the node itself in the same JVM, or a cluster
 * singleton proxy in another. Subscriptions are small actors spawned in {@code system}.
 */
public final class ActorPyrosClient implements PyrosClient {
  private final ActorSystem<?> system;
  private final ActorRef<PyrosNode.Command> node;
  private final Duration askTimeout;
  private final int queueSize;
  private final RequestRoute route;
  private final PyrosMetrics metrics;

  private ActorPyrosClient(ActorSystem<?> system, ActorRef<PyrosNode.Command> node, Duration askTimeout, RequestRoute route,
      PyrosMetrics metrics) {
    this.system = system;
    this.node = node;
    this.askTimeout = askTimeout;
    this.queueSize = system.settings().config().getInt("pyros.topic.queue-size");
    this.route = route;
    this.metrics = metrics;
  }

  /**
   * A client of {@code node} whose {@link PyrosNode.Request}s take {@code route} while it is
   * open, counting its subscriptions' drops and gaps in {@code metrics}.
   */
  public static ActorPyrosClient create(ActorSystem<?> system, ActorRef<PyrosNode.Command> node, Duration askTimeout,
      RequestRoute route, PyrosMetrics metrics) {
    return new ActorPyrosClient(system, node, askTimeout, route, metrics);
  }

  /**
   * A client of {@code node} whose {@link PyrosNode.Request}s take {@code route} while it is
   * open; requests fail with TIMEOUT after {@code askTimeout}.
   */
  public static ActorPyrosClient create(ActorSystem<?> system, ActorRef<PyrosNode.Command> node, Duration askTimeout,
      RequestRoute route) {
    return create(system, node, askTimeout, route, new PyrosMetrics());
  }

  /** A client of {@code node}; requests fail with TIMEOUT after {@code askTimeout}. */
  public static ActorPyrosClient create(ActorSystem<?> system, ActorRef<PyrosNode.Command> node, Duration askTimeout) {
    return create(system, node, askTimeout, RequestRoute.NONE);
  }

  /** A client with the configured {@code pyros.ask-timeout}. */
  public static ActorPyrosClient create(ActorSystem<?> system, ActorRef<PyrosNode.Command> node) {
    return create(system, node, system.settings().config().getDuration("pyros.ask-timeout"));
  }

  @Override
  public CompletionStage<Done> publish(String topic, Message message) {
    return ask(r -> new PyrosNode.Publish(topic, message, r));
  }

  @Override
  public void send(String topic, Message message) {
    PyrosNode.Publish publish = new PyrosNode.Publish(topic, message, system.ignoreRef());
    if (!route.tell(publish)) {
      node.tell(publish);
    }
  }

  @Override
  public CompletionStage<Done> publishJson(String topic, String json) {
    return topicType(topic).thenCompose(type -> publish(topic, parse(type, json)));
  }

  @Override
  public CompletionStage<Done> publishJson(String topic, String type, String json) {
    return messageType(type).thenCompose(t -> publish(topic, parse(t, json)));
  }

  @Override
  public CompletionStage<TopicInfo> awaitTopic(String topic, Duration timeout) {
    return NameWait.until(system, timeout, "topic " + topic + " did not appear with its type",
        () -> topics().thenCompose(topics -> topics.stream().filter(t -> t.name().equals(topic)).findFirst()
            .map(info -> topicType(topic).thenApply(type -> Optional.of(info)))
            .orElseGet(() -> java.util.concurrent.CompletableFuture.completedFuture(Optional.empty()))));
  }

  @Override
  public CompletionStage<ServiceInfo> awaitService(String service, Duration timeout) {
    return NameWait.until(system, timeout, "service " + service + " did not appear with its type",
        () -> services().thenApply(services -> services.stream()
            .filter(s -> s.name().equals(service) && !s.type().isEmpty()).findFirst()));
  }

  @Override
  public CompletionStage<Optional<Message>> latest(String topic) {
    return this.<LatestMessage>ask(r -> new PyrosNode.Latest(topic, r)).thenApply(LatestMessage::asOptional);
  }

  @Override
  public CompletionStage<TopicSubscription> subscribe(String topic, Consumer<Message> onMessage) {
    return subscribeEvents(topic, event -> {
      if (event instanceof TopicEvent.Received r) {
        onMessage.accept(r.message());
      }
    });
  }

  @Override
  public CompletionStage<TopicSubscription> subscribeEvents(String topic, Consumer<TopicEvent> onEvent) {
    return subscribeTo(topic, null, onEvent);
  }

  @Override
  public CompletionStage<TopicSubscription> subscribe(String topic, String type, Consumer<Message> onMessage) {
    return subscribeEvents(topic, type, event -> {
      if (event instanceof TopicEvent.Received r) {
        onMessage.accept(r.message());
      }
    });
  }

  @Override
  public CompletionStage<TopicSubscription> subscribeEvents(String topic, String type, Consumer<TopicEvent> onEvent) {
    // A type nobody can resolve would leave the topic's child failing for ever: refuse it now.
    return messageType(type).thenCompose(t -> subscribeTo(topic, type, onEvent));
  }

  /** Subscribes a callback actor; {@code type} null learns it from the graph. */
  private CompletionStage<TopicSubscription> subscribeTo(String topic, String type, Consumer<TopicEvent> onEvent) {
    ActorRef<Object> callbackActor = system.systemActorOf(topicCallback(topic, onEvent),
        "pyros-subscriber-" + UUID.randomUUID(), Props.empty());
    ActorRef<TopicEvent> subscriber = callbackActor.narrow();
    CompletionStage<Done> subscribed = askNode(askTimeout, r -> new PyrosNode.Subscribe(topic, type, subscriber, r));
    return subscribed
        .<TopicSubscription>thenApply(done -> () -> {
          node.tell(new PyrosNode.Unsubscribe(topic, subscriber));
          return stop(callbackActor);
        })
        .whenComplete((s, failure) -> {
          if (failure != null) {
            stop(callbackActor);
          }
        });
  }

  @Override
  public Source<Message, NotUsed> source(String topic, int bufferSize) {
    return Source.<Message>queue(bufferSize, OverflowStrategy.dropHead())
        .mapMaterializedValue(queue -> {
          subscribe(topic, queue::offer).whenComplete((subscription, failure) -> {
            if (failure != null) {
              queue.fail(failure);
            } else {
              queue.watchCompletion().whenComplete((d, e) -> subscription.cancel());
            }
          });
          return NotUsed.getInstance();
        });
  }

  @Override
  public CompletionStage<MessageType> topicType(String topic) {
    return ask(r -> new PyrosNode.DescribeTopic(topic, r));
  }

  @Override
  public CompletionStage<MessageType> messageType(String typeName) {
    return ask(r -> new PyrosNode.DescribeMessageType(typeName, r));
  }

  @Override
  public CompletionStage<Message> call(String service, Message request) {
    return call(service, request, null);
  }

  @Override
  public CompletionStage<Message> call(String service, Message request, Duration timeout) {
    Duration wait = timeout == null ? askTimeout : askTimeout.plus(timeout);
    return askWithin(wait, r -> new PyrosNode.CallService(service, request, timeout, r));
  }

  @Override
  public CompletionStage<Message> callJson(String service, String requestJson) {
    return serviceType(service).thenCompose(type -> call(service, parse(type.request(), requestJson)));
  }

  @Override
  public CompletionStage<ServiceType> serviceType(String service) {
    return ask(r -> new PyrosNode.DescribeService(service, r));
  }

  @Override
  public CompletionStage<Optional<Object>> param(String name) {
    return this.<ParamValue>ask(r -> new PyrosNode.GetParam(name, r)).thenApply(ParamValue::asOptional);
  }

  @Override
  public <T> CompletionStage<Optional<T>> param(String name, Class<T> type) {
    return this.<ParamValue>ask(r -> new PyrosNode.GetParam(name, r)).thenApply(value -> value.as(type));
  }

  @Override
  public CompletionStage<ParamWatch> watchParam(String name, Consumer<Optional<Object>> onChange) {
    ActorRef<Object> callbackActor = system.systemActorOf(
        callback(ParamValue.class, v -> onChange.accept(v.asOptional()), queueSize, "param " + name),
        "pyros-param-watcher-" + UUID.randomUUID(), Props.empty());
    ActorRef<ParamValue> watcher = callbackActor.narrow();
    CompletionStage<Done> watching = askNode(askTimeout, r -> new PyrosNode.WatchParam(name, watcher, r));
    return watching
        .<ParamWatch>thenApply(done -> () -> {
          node.tell(new PyrosNode.UnwatchParam(name, watcher));
          return stop(callbackActor);
        })
        .whenComplete((w, failure) -> {
          if (failure != null) {
            stop(callbackActor);
          }
        });
  }

  @Override
  public CompletionStage<ProvidedService> provideService(String service, String type,
      Function<Message, CompletionStage<Message>> handler) {
    ActorRef<Object> handlerActor = system.systemActorOf(serviceHandler(service, handler),
        "pyros-service-handler-" + UUID.randomUUID(), Props.empty());
    ActorRef<ServiceRequest> requests = handlerActor.narrow();
    return this.<Done>askNode(askTimeout, r -> new PyrosNode.ProvideService(service, type, requests, r))
        .<ProvidedService>thenApply(done -> () -> stop(handlerActor))
        .whenComplete((p, failure) -> {
          if (failure != null) {
            stop(handlerActor);
          }
        });
  }

  @Override
  public CompletionStage<Done> setParam(String name, Object value) {
    return ask(r -> new PyrosNode.SetParam(name, value, r));
  }

  @Override
  public CompletionStage<Done> deleteParam(String name) {
    return ask(r -> new PyrosNode.DeleteParam(name, r));
  }

  @Override
  public CompletionStage<List<TopicInfo>> topics() {
    return ask(PyrosNode.ListTopics::new);
  }

  @Override
  public CompletionStage<List<ServiceInfo>> services() {
    return ask(PyrosNode.ListServices::new);
  }

  @Override
  public CompletionStage<List<NodeInfo>> nodes() {
    return ask(PyrosNode.ListNodes::new);
  }

  @Override
  public CompletionStage<List<String>> params() {
    return ask(PyrosNode.ListParams::new);
  }

  @Override
  public CompletionStage<Done> reconfigure(Exposure exposure) {
    return ask(r -> new PyrosNode.Reconfigure(exposure, r));
  }

  private static Message parse(MessageType type, String json) {
    try {
      return MessageJson.fromJson(type, json);
    } catch (org.pyros.core.msg.MessageFormatException e) {
      throw new org.pyros.core.error.PyrosException(org.pyros.core.error.ErrorCode.BAD_MESSAGE, type.name() + ": " + e.getMessage(), e);
    }
  }

  private <T> CompletionStage<T> ask(Function<ActorRef<Reply<T>>, PyrosNode.Request<T>> request) {
    return askWithin(askTimeout, request);
  }

  /** Takes the route while it is open, else asks the node actor. */
  private <T> CompletionStage<T> askWithin(Duration timeout, Function<ActorRef<Reply<T>>, PyrosNode.Request<T>> request) {
    CompletionStage<Reply<T>> routed = route.ask(request.apply(null), timeout);
    return routed != null ? unwrap(routed, timeout) : askNode(timeout, request);
  }

  private <T> CompletionStage<T> askNode(Duration timeout, Function<ActorRef<Reply<T>>, ? extends PyrosNode.Command> request) {
    return unwrap(DirectAsk.<PyrosNode.Command, Reply<T>>ask(node, request::apply, timeout, system.scheduler()), timeout);
  }

  /** The reply's value, or a PyrosException: TIMEOUT, the reply's failure, else UNAVAILABLE. */
  private static <T> CompletionStage<T> unwrap(CompletionStage<Reply<T>> replied, Duration timeout) {
    return replied
        .handle((reply, failure) -> {
          if (failure != null) {
            throw org.pyros.core.error.PyrosException.of(
                failure instanceof java.util.concurrent.TimeoutException
                    ? new org.pyros.core.error.PyrosException(org.pyros.core.error.ErrorCode.TIMEOUT,
                        "no answer from the Pyros node within " + timeout.toMillis() + " ms")
                    : failure,
                org.pyros.core.error.ErrorCode.UNAVAILABLE);
          }
          return reply.getOrThrow();
        });
  }

  private CompletionStage<Done> stop(ActorRef<Object> callbackActor) {
    return DirectAsk.<Object, Done>ask(callbackActor, Stopping::new, askTimeout, system.scheduler());
  }

  /** Stops a callback actor and confirms, so no callback runs once cancel has completed. */
  private record Stopping(ActorRef<Done> replyTo) {}

  /** A callback of topic events, counting what its queue drops and the gaps it is given. */
  private Behavior<Object> topicCallback(String topic, Consumer<TopicEvent> onEvent) {
    return Behaviors.setup(ctx -> {
      SubscriberMeters meters = metrics.subscriber(topic);
      Consumer<TopicEvent> counted = event -> {
        if (event instanceof TopicEvent.Gap) {
          meters.gap();
        }
        onEvent.accept(event);
      };
      return callback(TopicEvent.class, counted, queueSize, "topic " + topic, meters::dropped, () -> metrics.release(meters));
    });
  }

  private static <E> Behavior<Object> callback(Class<E> eventType, Consumer<E> onEvent, int queueSize, String what) {
    return callback(eventType, onEvent, queueSize, what, () -> {}, () -> {});
  }

  /**
   * Hands each event to the callback through a bounded queue (drop oldest, like ROS's
   * queue_size), so a slow callback never makes the heap grow; the callback runs one event at a
   * time, and its failures are logged, not fatal. {@code what} names the source in the log;
   * {@code onDrop} runs for each event dropped, {@code onStop} once the actor stops.
   */
  private static <E> Behavior<Object> callback(Class<E> eventType, Consumer<E> onEvent, int queueSize, String what,
      Runnable onDrop, Runnable onStop) {
    return Behaviors.setup(ctx -> {
      BoundedDelivery<E> queue = new BoundedDelivery<>(queueSize, ctx.getExecutionContext(), event -> {
        try {
          onEvent.accept(event);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(ActorPyrosClient.class).warn("A callback for {} failed", what, e);
        }
      }, onDrop);
      return Behaviors.receive(Object.class)
          .onMessage(Stopping.class, s -> {
            queue.close();
            s.replyTo().tell(Done.getInstance());
            return Behaviors.stopped();
          })
          .onMessage(eventType, event -> {
            queue.offer(event);
            return Behaviors.same();
          })
          .onSignal(org.apache.pekko.actor.typed.PostStop.class, sig -> {
            queue.close();
            onStop.run();
            return Behaviors.same();
          })
          .build();
    });
  }

  /**
   * Answers each request with the handler's stage; requests do not wait for each other. A
   * handler that throws or fails answers the caller with its message ({@code SERVICE_FAILED}
   * unless it gave a {@link org.pyros.core.error.PyrosException} of its own).
   */
  private static Behavior<Object> serviceHandler(String service, Function<Message, CompletionStage<Message>> handler) {
    return Behaviors.receive(Object.class)
        .onMessage(Stopping.class, s -> {
          s.replyTo().tell(Done.getInstance());
          return Behaviors.stopped();
        })
        .onMessage(ServiceRequest.class, request -> {
          CompletionStage<Message> answer;
          try {
            answer = handler.apply(request.request());
          } catch (RuntimeException e) {
            answer = java.util.concurrent.CompletableFuture.failedFuture(e);
          }
          if (answer == null) {
            answer = java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException(
                "the handler of service " + service + " returned no stage"));
          }
          answer.whenComplete((response, failure) -> request.replyTo().tell(failure == null
              ? Reply.ok(response)
              : Reply.failed(org.pyros.core.error.PyrosException.of(failure, org.pyros.core.error.ErrorCode.SERVICE_FAILED))));
          return Behaviors.same();
        })
        .build();
  }
}
