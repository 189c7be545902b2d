package org.pyros.gateway.foxglove;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.gateway.GatewaySettings;
import org.pyros.gateway.foxglove.BinaryFrames.CallRequest;
import org.pyros.gateway.foxglove.BinaryFrames.ClientMessage;
import org.pyros.gateway.foxglove.FoxgloveChannel.Level;
import org.pyros.gateway.rosbridge.Failures;
import org.pyros.gateway.rosbridge.Inbound;
import org.pyros.gateway.Wire;
import org.pyros.core.graph.NodeInfo;

/**
 * One Foxglove WebSocket client: advertises the node's exposed topics and services as they come
 * and go, forwards subscribed channels as binary frames, publishes what the client advertises
 * and publishes, calls services and reads and sets params. Every refusal is a {@code status}
 * at level error; the connection goes on.
 */
final class FoxgloveConnection extends AbstractBehavior<FoxgloveConnection.Command> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLL = "graph-poll";

  /** What the connection actor understands. */
  sealed interface Command {}

  /** A message from the client; {@code ack} is answered once it is taken, so reading is paced. */
  record Frame(Inbound frame, ActorRef<Done> ack) implements Command {}

  /** The client's side of the connection ended. */
  record Closed() implements Command {}

  private record PollGraph() implements Command {}

  private record IdleCheck() implements Command {}

  private record GraphSeen(List<TopicInfo> topics, List<ServiceInfo> services, Throwable failure) implements Command {}

  private record TopicTyped(String topic, String typeName, MessageType type, Throwable failure) implements Command {}

  private record ServiceTyped(String service, String typeName, ServiceType type, Throwable failure) implements Command {}

  private record Subscribed(ChannelForwarder forwarder, PyrosClient.TopicSubscription subscription, Throwable failure)
      implements Command {}

  private record NodesSeen(List<NodeInfo> nodes, Throwable failure) implements Command {}

  private record ClientTyped(long channelId, ClientAdvert advert, MessageType type, Throwable failure) implements Command {}

  /** A topic advertised to the client. */
  private record ServerChannel(long id, String topic, MessageType type, Wire wire) {}

  /** A topic the client advertised; {@code type} is null while it is looked up. */
  private record ClientAdvert(String topic, Wire wire, MessageType type) {}

  private record Service(long id, String name, ServiceType type, Wire wire) {}

  private final PyrosClient pyros;
  private final GatewaySettings settings;
  private final FoxgloveSettings foxglove;
  private final FoxgloveChannel channel;
  private final Map<String, ServerChannel> channelsByTopic = new HashMap<>();
  private final Map<Long, ServerChannel> channels = new HashMap<>();
  private final Set<String> typing = new HashSet<>();
  // Names whose type could not be resolved, with that type: not asked again until the type changes.
  private final Map<String, String> unresolved = new HashMap<>();
  private boolean polling;
  private final Map<Long, ChannelForwarder> forwarders = new HashMap<>();
  private final Map<Long, Long> channelOfSubscription = new HashMap<>();
  private final Map<Long, PyrosClient.TopicSubscription> subscriptions = new HashMap<>();
  private final Map<Long, ClientAdvert> clientChannels = new HashMap<>();
  private final Map<String, Service> servicesByName = new HashMap<>();
  private final Map<Long, Service> services = new HashMap<>();
  private long nextId = 1;
  // What the client was last told of the connection graph; null while it does not follow it.
  private ConnectionGraph graphSent;
  private boolean pollingNodes;
  private final TimerScheduler<Command> timers;

  private FoxgloveConnection(ActorContext<Command> ctx, TimerScheduler<Command> timers, PyrosClient pyros,
      boolean withoutToken, GatewaySettings settings, FoxgloveSettings foxglove, FoxgloveChannel channel) {
    super(ctx);
    this.pyros = pyros;
    this.settings = settings;
    this.foxglove = foxglove;
    this.channel = channel;
    this.timers = timers;
    channel.send(ServerOps.serverInfo());
    if (withoutToken) {
      // This protocol has no authentication of its own: say why the client sees nothing.
      channel.status(Level.ERROR, "this gateway needs a token (Authorization: Bearer TOKEN, or ?token=TOKEN on the URL)");
    }
    ctx.getSelf().tell(new PollGraph());
    timers.startTimerWithFixedDelay(POLL, new PollGraph(), foxglove.graphPoll());
    restartIdleTimer();
  }

  static Behavior<Command> create(PyrosClient pyros, boolean withoutToken, GatewaySettings settings, FoxgloveSettings foxglove,
      FoxgloveChannel channel) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new FoxgloveConnection(ctx, timers, pyros, withoutToken, settings, foxglove, channel)));
  }

  private void restartIdleTimer() {
    if (settings.idleTimeout() != null) {
      timers.startSingleTimer(IdleCheck.class, new IdleCheck(), settings.idleTimeout());
    }
  }

  /** A client that sends nothing and holds nothing is closed; one with subscriptions or channels may stay silent. */
  private Behavior<Command> onIdleCheck() {
    if (forwarders.isEmpty() && clientChannels.isEmpty()) {
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
        .onMessage(PollGraph.class, p -> pollGraph())
        .onMessage(IdleCheck.class, i -> onIdleCheck())
        .onMessage(GraphSeen.class, this::onGraphSeen)
        .onMessage(NodesSeen.class, this::onNodesSeen)
        .onMessage(TopicTyped.class, this::onTopicTyped)
        .onMessage(ServiceTyped.class, this::onServiceTyped)
        .onMessage(Subscribed.class, this::onSubscribed)
        .onMessage(ClientTyped.class, this::onClientTyped)
        .onSignal(PostStop.class, s -> {
          subscriptions.values().forEach(PyrosClient.TopicSubscription::cancel);
          return this;
        })
        .build();
  }

  // ---- the graph: channels and services advertised as they come and go

  private Behavior<Command> pollGraph() {
    pollNodes();
    if (polling) {
      return this;
    }
    polling = true;
    CompletableFuture<List<TopicInfo>> topics = pyros.topics().toCompletableFuture();
    CompletableFuture<List<ServiceInfo>> svcs = pyros.services().toCompletableFuture();
    getContext().pipeToSelf(topics.thenCombine(svcs, (t, s) -> new GraphSeen(t, s, null)),
        (seen, failure) -> failure != null ? new GraphSeen(List.of(), List.of(), failure) : seen);
    return this;
  }

  // ---- the connection graph, for a client that follows it

  private void followConnectionGraph() {
    if (graphSent == null) {
      graphSent = ConnectionGraph.EMPTY;
      pollNodes();
    }
  }

  private void pollNodes() {
    if (graphSent == null || pollingNodes) {
      return;
    }
    pollingNodes = true;
    getContext().pipeToSelf(pyros.nodes(), NodesSeen::new);
  }

  private Behavior<Command> onNodesSeen(NodesSeen seen) {
    pollingNodes = false;
    if (graphSent == null || seen.failure() != null) {
      return this; // not followed any more, or not readable this time: the next poll tells
    }
    ConnectionGraph now = ConnectionGraph.of(seen.nodes());
    now.updateSince(graphSent).ifPresent(channel::send);
    graphSent = now;
    return this;
  }

  private Behavior<Command> onGraphSeen(GraphSeen seen) {
    polling = false;
    if (seen.failure() != null) {
      // The graph could not be read this time: keep what the client knows until the next poll.
      return this;
    }
    Set<String> topicNames = new HashSet<>();
    for (TopicInfo t : seen.topics()) {
      topicNames.add(t.name());
      if (!channelsByTopic.containsKey(t.name()) && !isUnresolved(t.name(), t.type()) && typing.add(t.name())) {
        getContext().pipeToSelf(pyros.topicType(t.name()), (type, failure) -> new TopicTyped(t.name(), t.type(), type, failure));
      }
    }
    List<Long> gone = new ArrayList<>();
    for (ServerChannel c : List.copyOf(channelsByTopic.values())) {
      if (!topicNames.contains(c.topic())) {
        gone.add(c.id());
        removeChannel(c);
      }
    }
    if (!gone.isEmpty()) {
      channel.send(ServerOps.unadvertise("channelIds", gone));
    }
    Set<String> serviceNames = new HashSet<>();
    for (ServiceInfo s : seen.services()) {
      serviceNames.add(s.name());
      String key = "srv:" + s.name();
      if (!servicesByName.containsKey(s.name()) && !isUnresolved(key, s.type()) && typing.add(key)) {
        getContext().pipeToSelf(pyros.serviceType(s.name()), (type, failure) -> new ServiceTyped(s.name(), s.type(), type, failure));
      }
    }
    List<Long> goneServices = new ArrayList<>();
    for (Service s : List.copyOf(servicesByName.values())) {
      if (!serviceNames.contains(s.name())) {
        goneServices.add(s.id());
        servicesByName.remove(s.name());
        services.remove(s.id());
      }
    }
    if (!goneServices.isEmpty()) {
      channel.send(ServerOps.unadvertiseServices(goneServices));
    }
    return this;
  }

  private boolean isUnresolved(String key, String typeName) {
    return unresolved.containsKey(key) && java.util.Objects.equals(unresolved.get(key), typeName);
  }

  private void removeChannel(ServerChannel c) {
    channelsByTopic.remove(c.topic());
    channels.remove(c.id());
    for (Map.Entry<Long, Long> e : List.copyOf(channelOfSubscription.entrySet())) {
      if (e.getValue() == c.id()) {
        endSubscription(e.getKey());
      }
    }
  }

  private Behavior<Command> onTopicTyped(TopicTyped t) {
    typing.remove(t.topic());
    if (t.failure() != null) {
      unresolved.put(t.topic(), t.typeName());
      channel.status(Level.WARNING, "topic " + t.topic() + " is not advertised: " + Failures.reason(t.failure()));
      return this;
    }
    if (channelsByTopic.containsKey(t.topic())) {
      return this;
    }
    ServerChannel c = new ServerChannel(nextId++, t.topic(), t.type(), Wire.of(t.type()));
    channelsByTopic.put(c.topic(), c);
    channels.put(c.id(), c);
    ObjectNode op = JSON.createObjectNode().put("op", "advertise");
    op.putArray("channels").add(JSON.createObjectNode().put("id", c.id()).put("topic", c.topic())
        .put("encoding", c.wire().encoding()).put("schemaName", c.type().name())
        .put("schema", c.wire().schema(c.type())).put("schemaEncoding", c.wire().schemaEncoding()));
    channel.send(op);
    return this;
  }

  private Behavior<Command> onServiceTyped(ServiceTyped t) {
    typing.remove("srv:" + t.service());
    if (t.failure() != null) {
      unresolved.put("srv:" + t.service(), t.typeName());
      return this;
    }
    if (servicesByName.containsKey(t.service())) {
      return this;
    }
    Service s = new Service(nextId++, t.service(), t.type(), Wire.of(t.type().request()));
    servicesByName.put(s.name(), s);
    services.put(s.id(), s);
    channel.send(ServerOps.advertiseServices(s.id(), s.name(), s.type(), s.wire()));
    return this;
  }

  // ---- the client's messages

  private Behavior<Command> onFrame(Frame f) {
    f.ack().tell(Done.getInstance());
    restartIdleTimer();
    try {
      if (f.frame() instanceof Inbound.Text t) {
        handleText(t.text());
      } else if (f.frame() instanceof Inbound.Binary b) {
        handleBinary(b.bytes());
      } else if (f.frame() instanceof Inbound.TooLarge l) {
        channel.status(Level.ERROR, "a message of " + l.size() + " bytes is longer than the limit of " + l.limit());
      }
    } catch (IllegalArgumentException e) {
      channel.status(Level.ERROR, e.getMessage());
    }
    return this;
  }

  private void handleText(String text) {
    JsonNode op;
    try {
      op = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (op == null || !op.isObject() || !op.path("op").isTextual()) {
      throw new IllegalArgumentException("a message is a JSON object with a string member \"op\"");
    }
    String name = op.get("op").textValue();
    try {
      switch (name) {
        case "subscribe" -> ClientOps.each(op, "subscriptions").forEach(this::subscribe);
        case "unsubscribe" -> ClientOps.ids(op, "subscriptionIds").forEach(this::unsubscribe);
        case "advertise" -> ClientOps.each(op, "channels").forEach(this::clientAdvertise);
        case "unadvertise" -> ClientOps.ids(op, "channelIds").forEach(clientChannels::remove);
        case "getParameters" -> new ParamOps(pyros, channel).get(op);
        case "setParameters" -> new ParamOps(pyros, channel).set(op);
        case "subscribeConnectionGraph" -> followConnectionGraph();
        case "unsubscribeConnectionGraph" -> graphSent = null;
        // foxglove.sdk.v1 clients say who they are; nothing depends on it.
        case "clientInfo" -> getContext().getLog().debug("Foxglove client: {}", op.path("name").asText(""));
        default -> throw new IllegalArgumentException("unknown or unsupported op");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  private void subscribe(JsonNode s) {
    long id = ClientOps.id(s, "id");
    long channelId = ClientOps.id(s, "channelId");
    ServerChannel c = channels.get(channelId);
    if (c == null) {
      throw new IllegalArgumentException("no channel " + channelId);
    }
    if (forwarders.containsKey(id)) {
      throw new IllegalArgumentException("subscription " + id + " is in use");
    }
    ChannelForwarder forwarder = new ChannelForwarder(id, c.topic(), c.wire(), channel, settings.queueLength());
    forwarders.put(id, forwarder);
    channelOfSubscription.put(id, channelId);
    getContext().pipeToSelf(pyros.subscribe(c.topic(), forwarder), (sub, failure) -> new Subscribed(forwarder, sub, failure));
  }

  private Behavior<Command> onSubscribed(Subscribed s) {
    long id = s.forwarder().subscriptionId();
    if (forwarders.get(id) != s.forwarder()) {
      // Unsubscribed meanwhile.
      if (s.subscription() != null) {
        s.subscription().cancel();
      }
      return this;
    }
    if (s.failure() != null) {
      forwarders.remove(id);
      channelOfSubscription.remove(id);
      channel.status(Level.ERROR, "subscribe " + id + ": " + Failures.reason(s.failure()));
    } else {
      subscriptions.put(id, s.subscription());
    }
    return this;
  }

  private void unsubscribe(long id) {
    if (!forwarders.containsKey(id)) {
      throw new IllegalArgumentException("no subscription " + id);
    }
    endSubscription(id);
  }

  private void endSubscription(long id) {
    forwarders.remove(id);
    channelOfSubscription.remove(id);
    PyrosClient.TopicSubscription s = subscriptions.remove(id);
    if (s != null) {
      s.cancel();
    }
  }

  private void clientAdvertise(JsonNode c) {
    long id = ClientOps.id(c, "id");
    String topic = ClientOps.text(c, "topic");
    String encoding = ClientOps.text(c, "encoding");
    String schemaName = ClientOps.text(c, "schemaName");
    Wire wire = Wire.ofEncoding(encoding);
    if (wire == null) {
      throw new IllegalArgumentException("channel " + id + ": encoding " + encoding + " is not one of ros1, cdr");
    }
    ClientAdvert advert = new ClientAdvert(topic, wire, null);
    clientChannels.put(id, advert);
    getContext().pipeToSelf(pyros.messageType(schemaName), (t, failure) -> new ClientTyped(id, advert, t, failure));
  }

  private Behavior<Command> onClientTyped(ClientTyped t) {
    if (clientChannels.get(t.channelId()) != t.advert()) {
      return this;
    }
    if (t.failure() != null) {
      clientChannels.remove(t.channelId());
      channel.status(Level.ERROR, "advertise " + t.advert().topic() + ": " + Failures.reason(t.failure()));
    } else {
      clientChannels.put(t.channelId(), new ClientAdvert(t.advert().topic(), t.advert().wire(), t.type()));
    }
    return this;
  }

  private void handleBinary(org.apache.pekko.util.ByteString bytes) {
    BinaryFrames.ClientFrame frame = BinaryFrames.read(bytes);
    if (frame instanceof ClientMessage m) {
      publish(m);
    } else if (frame instanceof CallRequest r) {
      call(r);
    }
  }

  private void publish(ClientMessage m) {
    ClientAdvert advert = clientChannels.get(m.channelId());
    if (advert == null) {
      throw new IllegalArgumentException("message data on channel " + m.channelId() + ", which the client has not advertised");
    }
    if (advert.type() == null) {
      channel.status(Level.WARNING, "message data on channel " + m.channelId() + " dropped: its type is still being looked up");
      return;
    }
    Message message;
    try {
      message = advert.wire().decode(advert.type(), m.payload());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("message data on channel " + m.channelId() + " is not a " + advert.wire().encoding()
          + " " + advert.type().name() + ": " + e.getMessage());
    }
    pyros.publish(advert.topic(), message).whenComplete((done, failure) -> {
      if (failure != null) {
        channel.status(Level.ERROR, "publish " + advert.topic() + ": " + Failures.reason(failure));
      }
    });
  }

  private void call(CallRequest r) {
    Service s = services.get(r.serviceId());
    if (s == null) {
      channel.send(ServerOps.callFailure(r.serviceId(), r.callId(), "no service " + r.serviceId()));
      return;
    }
    if (!s.wire().encoding().equals(r.encoding())) {
      channel.send(ServerOps.callFailure(r.serviceId(), r.callId(), "encoding " + r.encoding() + " where " + s.name()
          + " takes " + s.wire().encoding()));
      return;
    }
    Message request;
    try {
      request = s.wire().decode(s.type().request(), r.payload());
    } catch (RuntimeException e) {
      channel.send(ServerOps.callFailure(r.serviceId(), r.callId(), "the request is not a " + s.type().request().name()
          + ": " + e.getMessage()));
      return;
    }
    pyros.call(s.name(), request, foxglove.serviceCallTimeout()).whenComplete((response, failure) -> {
      if (failure != null) {
        channel.send(ServerOps.callFailure(r.serviceId(), r.callId(), Failures.reason(failure)));
        return;
      }
      try {
        channel.sendBinary(BinaryFrames.serviceCallResponse(s.id(), r.callId(), s.wire().encoding(), s.wire().encode(response)));
      } catch (RuntimeException e) {
        channel.send(ServerOps.callFailure(r.serviceId(), r.callId(), "the response cannot be serialized: " + e.getMessage()));
      }
    });
  }
}
