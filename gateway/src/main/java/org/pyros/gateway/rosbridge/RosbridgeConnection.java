package org.pyros.gateway.rosbridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageJson;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.gateway.GatewaySettings;
import org.pyros.gateway.access.Access;
import org.pyros.gateway.access.Grant;
import org.pyros.gateway.access.GrantedClient;
import org.pyros.gateway.rosapi.Rosapi;

/**
 * One rosbridge v2 client: reads its operations and answers them through the Pyros client.
 * Every refusal is a {@code status} message with the operation's id; the connection goes on.
 * State (advertisements, subscriptions, provided services) lives only in this actor and ends
 * with the connection.
 */
public final class RosbridgeConnection extends AbstractBehavior<RosbridgeConnection.Command> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORMapper CBOR = new CBORMapper();
  /** Publishes of one topic that wait while its type is being looked up. */
  private static final int MAX_WAITING_PUBLISHES = 100;

  /** What the connection actor understands. */
  public sealed interface Command {}

  /** A message from the client; {@code ack} is answered once it is taken, so reading is paced. */
  record Frame(Inbound frame, ActorRef<Done> ack) implements Command {}

  /** The client's side of the connection ended. */
  record Closed() implements Command {}

  private record Subscribed(String topic, TopicForwarder forwarder, PyrosClient.TopicSubscription subscription, Throwable failure)
      implements Command {}

  private record RetrySubscribe(String topic, JsonNode op) implements Command {}

  private record IdleCheck() implements Command {}

  private record TypeFound(String topic, MessageType type, Throwable failure) implements Command {}

  private record Provided(String service, String id, ActorRef<Object> handler, Reply<Done> reply, Throwable failure)
      implements Command {}

  private final PyrosClient base;
  private final ActorRef<PyrosNode.Command> node;
  private final GatewaySettings settings;
  private final Access access;
  private final ClientChannel channel;
  private final TimerScheduler<Command> timers;
  private final FragmentAssembler fragments;
  // What the client may reach; an auth op replaces all three.
  private Grant grant;
  private PyrosClient pyros;
  private ServiceCaller services;
  private final Map<String, MessageType> types = new HashMap<>();
  private final Map<String, ArrayDeque<JsonNode>> waitingPublishes = new HashMap<>();
  private final Map<String, TopicForwarder> forwarders = new HashMap<>();
  private final Map<String, PyrosClient.TopicSubscription> subscriptions = new HashMap<>();
  private final Map<String, ActorRef<Object>> provided = new HashMap<>();

  private RosbridgeConnection(ActorContext<Command> ctx, TimerScheduler<Command> timers, PyrosClient pyros,
      ActorRef<PyrosNode.Command> node, GatewaySettings settings, Access access, Grant grant, ClientChannel channel) {
    super(ctx);
    this.timers = timers;
    this.base = pyros;
    this.node = node;
    this.settings = settings;
    this.access = access;
    this.channel = channel;
    this.fragments = new FragmentAssembler(settings.maxOpenFragmented(), settings.maxFrameBytes());
    grant(grant);
    restartIdleTimer();
  }

  static Behavior<Command> create(PyrosClient pyros, ActorRef<PyrosNode.Command> node, GatewaySettings settings,
      Access access, Grant grant, ClientChannel channel) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new RosbridgeConnection(ctx, timers, pyros, node, settings, access, grant, channel)));
  }

  private void grant(Grant granted) {
    grant = granted;
    pyros = GrantedClient.of(base, granted);
    services = new ServiceCaller(pyros, new Rosapi(pyros, settings.nodeName()), channel);
  }

  private void restartIdleTimer() {
    if (settings.idleTimeout() != null) {
      timers.startSingleTimer(IdleCheck.class, new IdleCheck(), settings.idleTimeout());
    }
  }

  /** A client that sends nothing and holds nothing is closed; one with subscriptions or services may stay silent. */
  private Behavior<Command> onIdleCheck() {
    if (forwarders.isEmpty() && provided.isEmpty() && types.isEmpty()) {
      channel.close("sent nothing for " + settings.idleTimeout().toSeconds() + " s and holds no subscription");
    } else {
      restartIdleTimer();
    }
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Frame.class, this::onFrame)
        .onMessage(Closed.class, c -> Behaviors.stopped())
        .onMessage(Subscribed.class, this::onSubscribed)
        .onMessage(RetrySubscribe.class, r -> {
          subscribe(r.op());
          return this;
        })
        .onMessage(TypeFound.class, this::onTypeFound)
        .onMessage(Provided.class, this::onProvided)
        .onMessage(IdleCheck.class, i -> onIdleCheck())
        .onSignal(PostStop.class, s -> {
          subscriptions.values().forEach(PyrosClient.TopicSubscription::cancel);
          return this;
        })
        .build();
  }

  private Behavior<Command> onFrame(Frame f) {
    f.ack().tell(Done.getInstance());
    restartIdleTimer();
    Inbound frame = f.frame();
    if (frame instanceof Inbound.Text t) {
      handleText(t.text());
    } else if (frame instanceof Inbound.Binary b) {
      try {
        handle(CBOR.readTree(b.bytes().toArrayUnsafe()));
      } catch (IOException e) {
        channel.status(null, StatusLevel.ERROR, "a binary message that is not CBOR: " + e.getMessage());
      }
    } else if (frame instanceof Inbound.TooLarge l) {
      channel.status(null, StatusLevel.ERROR, "a message of " + l.size() + " bytes is longer than the limit of " + l.limit());
    }
    return this;
  }

  private void handleText(String text) {
    JsonNode op;
    try {
      op = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      channel.status(null, StatusLevel.ERROR, "not valid JSON: " + e.getOriginalMessage());
      return;
    }
    handle(op);
  }

  private void handle(JsonNode op) {
    if (op == null || !op.isObject() || !op.path("op").isTextual()) {
      channel.status(op != null && op.isObject() ? Ops.text(op, "id") : null, StatusLevel.ERROR,
          "a rosbridge message is a JSON object with a string member \"op\"");
      return;
    }
    String id = Ops.text(op, "id");
    try {
      dispatch(op.get("op").textValue(), op);
    } catch (IllegalArgumentException e) {
      channel.status(id, StatusLevel.ERROR, op.get("op").textValue() + ": " + e.getMessage());
    }
  }

  private void dispatch(String name, JsonNode op) {
    switch (name) {
      case "advertise" -> advertise(op);
      case "unadvertise" -> types.remove(Members.name(op, "topic"));
      case "publish" -> publish(op);
      case "subscribe" -> subscribe(op);
      case "unsubscribe" -> unsubscribe(Members.name(op, "topic"));
      case "call_service" -> services.call(op);
      case "advertise_service" -> advertiseService(op);
      case "unadvertise_service" -> unadvertiseService(Members.name(op, "service"));
      case "service_response" -> serviceResponse(op);
      case "fragment" -> fragment(op);
      case "set_level" -> setLevel(op);
      case "auth" -> authenticate(op);
      default -> throw new IllegalArgumentException("unknown or unsupported op");
    }
  }

  private void advertise(JsonNode op) {
    String topic = Members.name(op, "topic");
    String type = Members.required(op, "type");
    String id = Ops.text(op, "id");
    MessageType known = types.get(topic);
    if (known != null && known.name().equals(type)) {
      return;
    }
    types.remove(topic);
    getContext().pipeToSelf(pyros.messageType(type), (t, failure) -> {
      if (failure != null) {
        channel.status(id, StatusLevel.ERROR, "advertise " + topic + ": " + Failures.reason(failure));
      }
      return new TypeFound(topic, t, failure);
    });
    waitingPublishes.putIfAbsent(topic, new ArrayDeque<>());
  }

  private void publish(JsonNode op) {
    String topic = Members.name(op, "topic");
    MessageType type = types.get(topic);
    if (type != null) {
      publish(topic, type, op);
      return;
    }
    ArrayDeque<JsonNode> waiting = waitingPublishes.get(topic);
    if (waiting == null) {
      waitingPublishes.put(topic, waiting = new ArrayDeque<>());
      getContext().pipeToSelf(pyros.topicType(topic), (t, failure) -> new TypeFound(topic, t, failure));
    }
    if (waiting.size() >= MAX_WAITING_PUBLISHES) {
      JsonNode dropped = waiting.removeFirst();
      channel.status(Ops.text(dropped, "id"), StatusLevel.WARNING, "publish " + topic + ": dropped while its type is looked up");
    }
    waiting.addLast(op);
  }

  private Behavior<Command> onTypeFound(TypeFound f) {
    ArrayDeque<JsonNode> waiting = waitingPublishes.remove(f.topic());
    if (f.failure() == null) {
      types.put(f.topic(), f.type());
    }
    if (waiting != null) {
      for (JsonNode op : waiting) {
        if (f.failure() == null) {
          publish(f.topic(), f.type(), op);
        } else {
          channel.status(Ops.text(op, "id"), StatusLevel.ERROR, "publish " + f.topic() + ": " + Failures.reason(f.failure())
              + (Failures.isCode(f.failure(), ErrorCode.NOT_FOUND) ? " (advertise it with its type first)" : ""));
        }
      }
    }
    return this;
  }

  private void publish(String topic, MessageType type, JsonNode op) {
    String id = Ops.text(op, "id");
    try {
      pyros.publish(topic, MessageJson.fromJson(type, op.get("msg"))).whenComplete((done, failure) -> {
        if (failure != null) {
          channel.status(id, StatusLevel.ERROR, "publish " + topic + ": " + Failures.reason(failure));
        }
      });
    } catch (MessageFormatException e) {
      channel.status(id, StatusLevel.ERROR, "publish " + topic + ": the message does not fit " + type.name() + ": " + e.getMessage());
    }
  }

  private void subscribe(JsonNode op) {
    String topic = Members.name(op, "topic");
    SubscribeOptions options = SubscribeOptions.of(op, settings.queueLength());
    unsubscribe(topic);
    TopicForwarder forwarder = new TopicForwarder(topic, options, channel);
    forwarders.put(topic, forwarder);
    // With its type the node subscribes in the graph at once, as a ROS subscriber registers before any publisher.
    String type = op.path("type").asText("");
    var subscribed = type.isEmpty() ? pyros.subscribe(topic, forwarder) : pyros.subscribe(topic, type, forwarder);
    getContext().pipeToSelf(subscribed, (s, failure) -> new Subscribed(topic, forwarder, s, failure));
  }

  private Behavior<Command> onSubscribed(Subscribed s) {
    if (forwarders.get(s.topic()) != s.forwarder()) {
      // Unsubscribed or subscribed anew meanwhile.
      if (s.subscription() != null) {
        s.subscription().cancel();
      }
      return this;
    }
    String id = s.forwarder().options().id();
    if (s.failure() == null) {
      subscriptions.put(s.topic(), s.subscription());
      channel.status(id, StatusLevel.INFO, "subscribed to " + s.topic());
    } else if (Failures.isCode(s.failure(), ErrorCode.NOT_FOUND) || Failures.isCode(s.failure(), ErrorCode.UNAVAILABLE)) {
      // rosbridge lets a client subscribe before anyone publishes: wait for the topic.
      channel.status(id, StatusLevel.WARNING, "subscribe " + s.topic() + ": " + Failures.reason(s.failure()) + "; waiting for it");
      timers.startSingleTimer(s.topic(), new RetrySubscribe(s.topic(), retryOp(s.topic(), s.forwarder().options())), settings.subscribeRetry());
    } else {
      forwarders.remove(s.topic());
      channel.status(id, StatusLevel.ERROR, "subscribe " + s.topic() + ": " + Failures.reason(s.failure()));
    }
    return this;
  }

  private static JsonNode retryOp(String topic, SubscribeOptions o) {
    var op = JsonNodeFactory.instance.objectNode().put("op", "subscribe").put("topic", topic)
        .put("throttle_rate", o.throttleMillis()).put("queue_length", o.queueLength())
        .put("fragment_size", o.fragmentSize()).put("compression", o.compression().name);
    if (o.id() != null) {
      op.put("id", o.id());
    }
    return op;
  }

  private void unsubscribe(String topic) {
    timers.cancel(topic);
    forwarders.remove(topic);
    PyrosClient.TopicSubscription s = subscriptions.remove(topic);
    if (s != null) {
      s.cancel();
    }
  }

  /**
   * rosauth's {@code auth} op, as roslibjs's {@code Ros.authenticate} sends it: its {@code mac}
   * is taken as the bearer token. A new grant ends what the connection held under the old one.
   */
  private void authenticate(JsonNode op) {
    String id = Ops.text(op, "id");
    Optional<Grant> found = access.byToken(Members.required(op, "mac"));
    if (found.isEmpty()) {
      throw new IllegalArgumentException("the token is not valid");
    }
    if (found.get() != grant) {
      new ArrayList<>(forwarders.keySet()).forEach(this::unsubscribe);
      new ArrayList<>(provided.keySet()).forEach(this::unadvertiseService);
      types.clear();
      waitingPublishes.clear();
      grant(found.get());
    }
    channel.status(id, StatusLevel.INFO, "authenticated as " + grant.client());
  }

  private void advertiseService(JsonNode op) {
    String service = Members.name(op, "service");
    String type = Members.required(op, "type");
    String id = Ops.text(op, "id");
    if (!grant.provide().allows(service)) {
      throw new IllegalArgumentException(ErrorCode.NOT_EXPOSED + ": providing " + service + " is not granted to " + grant.client());
    }
    unadvertiseService(service);
    // The response type is known once the node serves the name; calls answered earlier wait for it.
    CompletableFuture<ServiceType> serviceType = new CompletableFuture<>();
    ActorRef<Object> handler = getContext().spawnAnonymous(
        ProvidedService.create(service, serviceType, channel, settings.providedServiceTimeout()));
    provided.put(service, handler);
    CompletionStage<Reply<Done>> reply = AskPattern.ask(node,
        (ActorRef<Reply<Done>> r) -> new PyrosNode.ProvideService(service, type, handler.narrow(), r),
        settings.providedServiceTimeout(), getContext().getSystem().scheduler());
    reply.thenCompose(r -> {
          r.getOrThrow();
          return pyros.serviceType(service);
        })
        .whenComplete((t, failure) -> {
          if (failure != null) {
            serviceType.completeExceptionally(failure);
          } else {
            serviceType.complete(t);
          }
        });
    getContext().pipeToSelf(reply, (r, failure) -> new Provided(service, id, handler, r, failure));
  }

  private Behavior<Command> onProvided(Provided p) {
    if (p.failure() == null && p.reply() instanceof Reply.Ok<Done>) {
      return this;
    }
    String why = p.failure() != null ? Failures.reason(p.failure())
        : p.reply() instanceof Reply.Failed<Done> f ? f.code() + ": " + f.message() : "no answer";
    channel.status(p.id(), StatusLevel.ERROR, "advertise_service " + p.service() + ": " + why);
    if (provided.get(p.service()) == p.handler()) {
      provided.remove(p.service());
      getContext().stop(p.handler());
    }
    return this;
  }

  private void unadvertiseService(String service) {
    ActorRef<Object> handler = provided.remove(service);
    if (handler != null) {
      getContext().stop(handler);
    }
  }

  private void serviceResponse(JsonNode op) {
    String service = Members.name(op, "service");
    String id = Members.required(op, "id");
    ActorRef<Object> handler = provided.get(service);
    if (handler == null) {
      throw new IllegalArgumentException("this client does not provide " + service);
    }
    handler.tell(new ProvidedService.Respond(id, op.path("result").asBoolean(true), op.get("values")));
  }

  private void fragment(JsonNode op) {
    String whole = fragments.add(Ops.text(op, "id"), op.path("data").isTextual() ? op.get("data").textValue() : null,
        op.path("num").asInt(-1), op.path("total").asInt(-1));
    if (whole != null) {
      handleText(whole);
    }
  }

  private void setLevel(JsonNode op) {
    StatusLevel level = StatusLevel.of(op.path("level").asText(""));
    if (level == null) {
      throw new IllegalArgumentException("level must be one of info, warning, error, none");
    }
    channel.setLevel(level);
  }

}
