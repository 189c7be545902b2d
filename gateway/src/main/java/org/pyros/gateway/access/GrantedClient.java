package org.pyros.gateway.access;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.node.TopicEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PyrosClient} narrowed to one {@link Grant}: a name outside it is refused {@code
 * NOT_EXPOSED} before the node is asked, and listings leave it out. Every gateway protocol reaches
 * the node through one of these, so the check holds for every operation of every protocol.
 */
public final class GrantedClient implements PyrosClient {
  private static final Logger log = LoggerFactory.getLogger(GrantedClient.class);

  private final PyrosClient pyros;
  private final Grant grant;

  private GrantedClient(PyrosClient pyros, Grant grant) {
    this.pyros = pyros;
    this.grant = grant;
  }

  /** {@code pyros} as {@code grant} lets it be used; {@code pyros} itself for {@link Grant#EVERYTHING}. */
  public static PyrosClient of(PyrosClient pyros, Grant grant) {
    return grant.isEverything() ? pyros : new GrantedClient(pyros, grant);
  }

  private <T> CompletionStage<T> checked(NameFilter filter, String what, String name, Function<String, CompletionStage<T>> call) {
    if (name != null && filter.allows(name)) {
      return call.apply(name);
    }
    return CompletableFuture.failedFuture(refusal(what, name));
  }

  // Not logged here: each protocol logs the refusal it answers.
  private PyrosException refusal(String what, String name) {
    return new PyrosException(ErrorCode.NOT_EXPOSED, what + " " + name + " is not granted to " + grant.client());
  }

  private boolean readsOrPublishes(String topic) {
    return topic != null && (grant.topics().allows(topic) || grant.publish().allows(topic));
  }

  private boolean callsOrProvides(String service) {
    return service != null && (grant.services().allows(service) || grant.provide().allows(service));
  }

  @Override
  public CompletionStage<Done> publish(String topic, Message message) {
    return checked(grant.publish(), "publishing on", topic, t -> pyros.publish(t, message));
  }

  @Override
  public void send(String topic, Message message) {
    if (topic != null && grant.publish().allows(topic)) {
      pyros.send(topic, message);
    } else {
      // Publishing without an answer: the log is the only trace of the refusal.
      log.info("gateway: refused {}", refusal("publishing on", topic).getMessage());
    }
  }

  @Override
  public CompletionStage<Done> publishJson(String topic, String json) {
    return checked(grant.publish(), "publishing on", topic, t -> pyros.publishJson(t, json));
  }

  @Override
  public CompletionStage<Done> publishJson(String topic, String type, String json) {
    return checked(grant.publish(), "publishing on", topic, t -> pyros.publishJson(t, type, json));
  }

  @Override
  public CompletionStage<Optional<Message>> latest(String topic) {
    return checked(grant.topics(), "topic", topic, pyros::latest);
  }

  @Override
  public CompletionStage<TopicSubscription> subscribe(String topic, Consumer<Message> onMessage) {
    return checked(grant.topics(), "topic", topic, t -> pyros.subscribe(t, onMessage));
  }

  @Override
  public CompletionStage<TopicSubscription> subscribe(String topic, String type, Consumer<Message> onMessage) {
    return checked(grant.topics(), "topic", topic, t -> pyros.subscribe(t, type, onMessage));
  }

  @Override
  public CompletionStage<TopicSubscription> subscribeEvents(String topic, Consumer<TopicEvent> onEvent) {
    return checked(grant.topics(), "topic", topic, t -> pyros.subscribeEvents(t, onEvent));
  }

  @Override
  public CompletionStage<TopicSubscription> subscribeEvents(String topic, String type, Consumer<TopicEvent> onEvent) {
    return checked(grant.topics(), "topic", topic, t -> pyros.subscribeEvents(t, type, onEvent));
  }

  @Override
  public Source<Message, NotUsed> source(String topic, int bufferSize) {
    if (topic != null && grant.topics().allows(topic)) {
      return pyros.source(topic, bufferSize);
    }
    return Source.failed(refusal("topic", topic));
  }

  @Override
  public CompletionStage<MessageType> topicType(String topic) {
    // A publisher needs the type of the topic it publishes on, without reading it.
    return readsOrPublishes(topic) ? pyros.topicType(topic) : CompletableFuture.failedFuture(refusal("topic", topic));
  }

  @Override
  public CompletionStage<TopicInfo> awaitTopic(String topic, Duration timeout) {
    return readsOrPublishes(topic) ? pyros.awaitTopic(topic, timeout) : CompletableFuture.failedFuture(refusal("topic", topic));
  }

  @Override
  public CompletionStage<MessageType> messageType(String typeName) {
    return pyros.messageType(typeName);
  }

  @Override
  public CompletionStage<Message> call(String service, Message request) {
    return checked(grant.services(), "service", service, s -> pyros.call(s, request));
  }

  @Override
  public CompletionStage<Message> call(String service, Message request, Duration timeout) {
    return checked(grant.services(), "service", service, s -> pyros.call(s, request, timeout));
  }

  @Override
  public CompletionStage<Message> callJson(String service, String requestJson) {
    return checked(grant.services(), "service", service, s -> pyros.callJson(s, requestJson));
  }

  @Override
  public CompletionStage<ServiceType> serviceType(String service) {
    return callsOrProvides(service) ? pyros.serviceType(service) : CompletableFuture.failedFuture(refusal("service", service));
  }

  @Override
  public CompletionStage<ServiceInfo> awaitService(String service, Duration timeout) {
    return callsOrProvides(service) ? pyros.awaitService(service, timeout)
        : CompletableFuture.failedFuture(refusal("service", service));
  }

  @Override
  public CompletionStage<ProvidedService> provideService(String service, String type,
      Function<Message, CompletionStage<Message>> handler) {
    return checked(grant.provide(), "providing", service, s -> pyros.provideService(s, type, handler));
  }

  @Override
  public CompletionStage<Optional<Object>> param(String name) {
    return checked(grant.params(), "param", name, n -> pyros.param(n).thenApply(v -> v.map(value -> granted(n, value))));
  }

  @Override
  public <T> CompletionStage<Optional<T>> param(String name, Class<T> type) {
    // A namespace is read whole, then what is not granted is left out.
    return checked(grant.params(), "param", name, n -> pyros.param(n, type)
        .thenApply(v -> v.map(value -> value instanceof Map<?, ?> ? type.cast(granted(n, value)) : value)));
  }

  @Override
  public CompletionStage<ParamWatch> watchParam(String name, Consumer<Optional<Object>> onChange) {
    return checked(grant.params(), "param", name,
        n -> pyros.watchParam(n, v -> onChange.accept(v.map(value -> granted(n, value)))));
  }

  /** A namespace's value without the params that are not granted (a namespace left empty stays, empty). */
  private Object granted(String name, Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      return value;
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    String prefix = name.endsWith("/") ? name : name + "/";
    map.forEach((k, v) -> {
      String child = prefix + k;
      if (v instanceof Map<?, ?>) {
        kept.put(String.valueOf(k), granted(child, v));
      } else if (grant.params().allows(child)) {
        kept.put(String.valueOf(k), v);
      }
    });
    kept.values().removeIf(v -> v instanceof Map<?, ?> m && m.isEmpty());
    return kept;
  }

  @Override
  public CompletionStage<Done> setParam(String name, Object value) {
    String refused = refusedLeaf(name, value);
    if (refused != null) {
      return CompletableFuture.failedFuture(refusal("setting param", refused));
    }
    return pyros.setParam(name, value);
  }

  /** The first name that setting {@code value} at {@code name} would write and is not granted, or null. */
  private String refusedLeaf(String name, Object value) {
    if (name == null) {
      return "(none)";
    }
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      return grant.setParams().allows(name) ? null : name;
    }
    String prefix = name.endsWith("/") ? name : name + "/";
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String refused = refusedLeaf(prefix + e.getKey(), e.getValue());
      if (refused != null) {
        return refused;
      }
    }
    return null;
  }

  @Override
  public CompletionStage<Done> deleteParam(String name) {
    return checked(grant.setParams(), "deleting param", name, pyros::deleteParam);
  }

  @Override
  public CompletionStage<List<TopicInfo>> topics() {
    return pyros.topics().thenApply(list -> list.stream().filter(t -> readsOrPublishes(t.name())).toList());
  }

  @Override
  public CompletionStage<List<ServiceInfo>> services() {
    return pyros.services().thenApply(list -> list.stream().filter(s -> grant.services().allows(s.name())).toList());
  }

  @Override
  public CompletionStage<List<String>> params() {
    return pyros.params().thenApply(list -> list.stream().filter(grant.params()::allows).toList());
  }

  @Override
  public CompletionStage<List<NodeInfo>> nodes() {
    return pyros.nodes().thenApply(list -> list.stream()
        .map(n -> new NodeInfo(n.name(), n.publications().stream().filter(this::readsOrPublishes).toList(),
            n.subscriptions().stream().filter(this::readsOrPublishes).toList(),
            n.services().stream().filter(grant.services()::allows).toList()))
        .filter(n -> !n.publications().isEmpty() || !n.subscriptions().isEmpty() || !n.services().isEmpty())
        .toList());
  }

  @Override
  public CompletionStage<Done> reconfigure(Exposure exposure) {
    return CompletableFuture.failedFuture(refusal("reconfiguring", "the node"));
  }
}
