package org.pyros.ros2.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
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
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.BoundedDelivery;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.ServiceHandler;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.TopicTraffic;
import org.pyros.core.system.TrafficCounters;
import org.pyros.ros2.cdr.CdrCodec;
import org.pyros.ros2.msg.Ros2Names;
import org.pyros.ros2.msg.Ros2Service;
import org.pyros.ros2.msg.Ros2Type;
import org.pyros.ros2.msg.Ros2Types;
import org.pyros.ros2.rtps.LocalReader;
import org.pyros.ros2.rtps.LocalWriter;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.qos.Qos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ROS 2 {@link GraphSystem}: a DDS participant of our own on a ROS 2 domain, with ROS 2's
 * names, types and QoS on top. The graph comes from discovery as it changes; topics are DDS
 * writers and readers with CDR payloads; services are request and reply topics with the request
 * identity of each RMW ({@link Ros2ServiceClient}, {@link Ros2ServiceServer}); parameters are
 * {@code /<node>/<param>}, the Pyros node's own served through the rcl_interfaces services and
 * others' asked through theirs ({@link Ros2Params}).
 *
 * <pre>{@code
 * Ros2System ros2 = Ros2System.start(Ros2Settings.fromConfig(config));
 * ActorRef<PyrosNode.Command> node = actors.systemActorOf(PyrosNode.create(ros2, nodeSettings), "pyros", PyrosNode.mailbox());
 * }</pre>
 */
public final class Ros2System implements GraphSystem {
  private static final Logger log = LoggerFactory.getLogger(Ros2System.class);
  /** Calls of one service client waiting for their replies, at most. */
  static final int MAX_PENDING_CALLS = 1024;
  /** Requests of one served service being handled, at most. */
  static final int MAX_REQUESTS_IN_FLIGHT = 1024;

  private final Ros2Settings settings;
  private final Ros2Types types;
  private final Participant participant;
  private final ExecutorService delivery;
  private final ExecutorService graphEvents;
  private final Ros2Graph graph;
  private final Ros2Topics topics;
  private final TrafficCounters traffic = new TrafficCounters();
  private final Registration discovery;
  private final Ros2NodeGraph nodeGraph;
  // Set once by start(): they serve and call through this system.
  private Ros2NodeParameters ownParameters;
  private Ros2Params params;
  private final Map<String, CdrCodec> codecs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService serviceTimer;
  private final RequestForms forms;
  private final int maxPendingCalls;
  private final Map<String, Ros2ServiceClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Ros2ServiceServer> servers = new ConcurrentHashMap<>();

  private Ros2System(Ros2Settings settings, Ros2Types types, Participant participant, ExecutorService delivery,
      ExecutorService graphEvents, int maxPendingCalls) {
    this.settings = settings;
    this.types = types;
    this.participant = participant;
    this.delivery = delivery;
    this.graphEvents = graphEvents;
    this.graph = new Ros2Graph(graphEvents, participant.guidPrefix(), settings.nodeName());
    this.topics = new Ros2Topics(graph);
    this.discovery = participant.watch(graph);
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("pyros-ros2-services"));
    timer.setRemoveOnCancelPolicy(true); // each answered call cancels its timeout: do not keep them queued
    this.serviceTimer = timer;
    this.forms = new RequestForms(participant);
    this.maxPendingCalls = maxPendingCalls;
    graph.watchWriters(this::adaptSubscription);
    this.nodeGraph = new Ros2NodeGraph(participant, graph, settings.nodeName());
  }

  /** Joins the domain with the bundled ROS 2 message types. */
  public static Ros2System start(Ros2Settings settings) {
    return start(settings, Ros2Types.bundled());
  }

  /** Joins the domain with the given type registry; throws {@link PyrosException} when the sockets cannot be had. */
  public static Ros2System start(Ros2Settings settings, Ros2Types types) {
    return start(settings, types, MAX_PENDING_CALLS);
  }

  /** As {@link #start(Ros2Settings, Ros2Types)}, with at most {@code maxPendingCalls} open calls per service. */
  static Ros2System start(Ros2Settings settings, Ros2Types types, int maxPendingCalls) {
    Participant participant;
    try {
      participant = Participant.start(settings.participantSettings());
    } catch (RuntimeException e) {
      throw new PyrosException(ErrorCode.SYSTEM_FAILURE, "cannot join ROS 2 domain " + settings.domainId() + ": " + e.getMessage(), e);
    }
    Ros2System system = new Ros2System(settings, types, participant,
        Executors.newFixedThreadPool(2, daemon("pyros-ros2-delivery")),
        Executors.newSingleThreadExecutor(daemon("pyros-ros2-graph")), maxPendingCalls);
    try {
      system.ownParameters = Ros2NodeParameters.start(system, settings.nodeName());
      system.params = new Ros2Params(system, system.ownParameters);
    } catch (RuntimeException e) {
      system.close();
      throw new PyrosException(ErrorCode.SYSTEM_FAILURE, "cannot serve the node's ROS 2 parameters: " + e.getMessage(), e);
    }
    log.info("Joined ROS 2 domain {} as participant {}", settings.domainId(), participant.guidPrefix());
    return system;
  }

  public Ros2Settings settings() {
    return settings;
  }

  public Ros2Types types() {
    return types;
  }

  /** The DDS participant under this system (for tests and tools). */
  public Participant participant() {
    return participant;
  }

  @Override
  public String description() {
    return "ros2 domain " + settings.domainId() + " participant " + participant.guidPrefix();
  }

  @Override
  public CompletionStage<GraphSnapshot> snapshot() {
    return CompletableFuture.completedFuture(graph.current());
  }

  @Override
  public Registration watchGraph(Consumer<GraphSnapshot> listener) {
    return graph.watch(listener);
  }

  @Override
  public CompletionStage<MessageType> messageType(String typeName) {
    try {
      return CompletableFuture.completedFuture(messageTypeNow(typeName));
    } catch (PyrosException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<ServiceType> serviceType(String typeName) {
    try {
      return CompletableFuture.completedFuture(types.serviceType(typeName));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new PyrosException(ErrorCode.UNKNOWN_TYPE, e.getMessage(), e));
    }
  }

  /** Bytes of the RTPS serialized payloads (encapsulation header included) of the topic's samples. */
  @Override
  public Optional<TopicTraffic> traffic(String topic) {
    return Optional.of(traffic.of(topic));
  }

  @Override
  public CompletionStage<TopicPublisher> advertise(TopicInfo topic, PublishOptions options) {
    try {
      String ddsTopic = ddsTopic(topic.name());
      MessageType type = messageTypeNow(topic.type());
      Qos qos = qos(() -> settings.qos().forPublication(topic.name(), options.qosProfile(), options.latch()));
      TopicTraffic counted = traffic.of(topic.name());
      LocalWriter writer = participant.createWriter(ddsTopic, Ros2Names.ddsTypeName(type.name()), qos, counted::publicationDropped);
      graph.addLocal(new Ros2Graph.Endpoint(writer.guid(), ddsTopic, Ros2Names.ddsTypeName(type.name()), qos, true));
      Ros2Publication publication = new Ros2Publication(topic.name(), type, codec(type), writer, topics, counted);
      topics.add(publication);
      return CompletableFuture.completedFuture(publication);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.SYSTEM_FAILURE));
    }
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage) {
    return subscribe(topic, queueSize, onMessage, () -> {});
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage, Runnable onDrop) {
    try {
      String ddsTopic = ddsTopic(topic.name());
      MessageType type = messageTypeNow(typeOf(topic));
      BoundedDelivery<Message> consumer = new BoundedDelivery<>(queueSize, delivery, onMessage, onDrop);
      Ros2Subscription s = topics.subscribe(topic.name(), () -> newSubscription(topic.name(), ddsTopic, type),
          sub -> attachReader(sub, qos(() -> settings.qos().forSubscription(sub.topic(), graph.writersOf(ddsTopic)))), consumer);
      // A writer discovered while the subscription was being made was adapted to before the
      // subscription could be found: adapt once more, now that it is there.
      graphEvents.execute(() -> adaptSubscription(ddsTopic));
      return CompletableFuture.completedFuture(Registration.once(() -> topics.unsubscribe(s, consumer)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.SYSTEM_FAILURE));
    }
  }

  private Ros2Subscription newSubscription(String topic, String ddsTopic, MessageType type) {
    return new Ros2Subscription(topic, ddsTopic, Ros2Names.ddsTypeName(type.name()), codec(type), traffic.of(topic));
  }

  private void attachReader(Ros2Subscription s, Qos qos) {
    LocalReader reader = participant.createReader(s.ddsTopic(), s.ddsType(), qos, s::onSample);
    graph.addLocal(new Ros2Graph.Endpoint(reader.guid(), s.ddsTopic(), s.ddsType(), qos, false));
    LocalReader old = s.attach(reader, qos);
    if (old != null) {
      topics.replaced(old);
    }
  }

  /**
   * A writer of a topic we subscribe came or went: when the reliability or durability that every
   * writer can serve is now another (a best-effort or a latched publisher appeared), our reader
   * is replaced by one with that QoS, so that it is matched and gets the latched history. A
   * writer's history depth alone does not replace it: depth plays no part in matching, and a new
   * reader asks the writers again for what they hold. Runs on the graph thread.
   */
  private void adaptSubscription(String ddsTopic) {
    for (Ros2Subscription s : topics.subscriptionsOn(ddsTopic)) {
      Qos wanted;
      try {
        wanted = settings.qos().forSubscription(s.topic(), graph.writersOf(ddsTopic));
      } catch (IllegalArgumentException e) {
        continue;
      }
      Qos current = s.qos();
      if (current == null) {
        continue; // its reader is being made: the subscribing thread adapts once it is there
      }
      boolean matchesDifferently = wanted.reliability() != current.reliability()
          || wanted.durability() != current.durability();
      if (matchesDifferently && !graph.writersOf(ddsTopic).isEmpty()) {
        log.debug("Subscribing {} again with {} to match its publishers", s.topic(), wanted);
        attachReader(s, wanted);
      }
    }
  }

  /** The topic's type as given, else as the graph knows it. */
  private String typeOf(TopicInfo topic) {
    if (!topic.type().isEmpty()) {
      return topic.type();
    }
    TopicInfo known = graph.current().topics().get(topic.name());
    if (known == null || known.type().isEmpty()) {
      throw new PyrosException(ErrorCode.NOT_FOUND, "no type known for " + topic.name() + ": nobody publishes it yet");
    }
    return known.type();
  }

  private MessageType messageTypeNow(String typeName) {
    try {
      return types.messageType(typeName);
    } catch (PyrosException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PyrosException(ErrorCode.UNKNOWN_TYPE, e.getMessage(), e);
    }
  }

  private CdrCodec codec(MessageType type) {
    return codecs.computeIfAbsent(type.name(), n -> CdrCodec.of(types.type(type)));
  }

  private static String ddsTopic(String topic) {
    try {
      return Ros2Names.ddsTopic(topic);
    } catch (IllegalArgumentException e) {
      throw new PyrosException(ErrorCode.NOT_FOUND, e.getMessage(), e);
    }
  }

  private static Qos qos(java.util.function.Supplier<Qos> choice) {
    try {
      return choice.get();
    } catch (IllegalArgumentException e) {
      throw new PyrosException(ErrorCode.BAD_MESSAGE, e.getMessage(), e);
    }
  }

  /**
   * Calls a service: {@code UNAVAILABLE} at once when no server of it is in the graph, {@code
   * TIMEOUT} when none answers in time (a server that went away, one not yet matched).
   */
  @Override
  public CompletionStage<Message> call(ServiceInfo service, Message request, Duration timeout) {
    try {
      String requestTopic = serviceTopic(service.name(), true);
      if (!graph.hasReaderOn(requestTopic)) {
        throw new PyrosException(ErrorCode.UNAVAILABLE, "no server of " + service.name() + " in the ROS 2 graph");
      }
      Ros2Service type = serviceTypeNow(serviceTypeOf(service));
      Ros2ServiceClient client = clients.computeIfAbsent(service.name() + " " + type.name(), k -> newClient(service.name(), type));
      return client.call(MessageShapes.adapt(request, type.request().messageType()), timeout);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.SYSTEM_FAILURE));
    }
  }

  private Ros2ServiceClient newClient(String service, Ros2Service type) {
    Ros2ServiceClient c = new Ros2ServiceClient(service, serviceTopic(service, true), serviceTopic(service, false),
        Ros2Names.ddsRequestTypeName(type.name()), Ros2Names.ddsResponseTypeName(type.name()), codec(type.request()),
        codec(type.response()), participant, forms, serviceTimer, delivery, maxPendingCalls);
    addLocal(c.writer().guid(), serviceTopic(service, true), Ros2Names.ddsRequestTypeName(type.name()), true);
    addLocal(c.reader().guid(), serviceTopic(service, false), Ros2Names.ddsResponseTypeName(type.name()), false);
    return c;
  }

  /** Serves a service of a type given in {@code service} until the registration is cancelled; one server per name. */
  @Override
  public CompletionStage<Registration> serve(ServiceInfo service, ServiceHandler handler) {
    try {
      String requestTopic = serviceTopic(service.name(), true);
      String replyTopic = serviceTopic(service.name(), false);
      if (service.type().isEmpty()) {
        throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "serving " + service.name() + " needs its service type");
      }
      Ros2Service type = serviceTypeNow(service.type());
      String requestType = Ros2Names.ddsRequestTypeName(type.name());
      String replyType = Ros2Names.ddsResponseTypeName(type.name());
      Ros2ServiceServer[] made = new Ros2ServiceServer[1];
      servers.compute(service.name(), (name, existing) -> {
        if (existing != null) {
          throw new PyrosException(ErrorCode.SYSTEM_FAILURE, name + " is served here already");
        }
        made[0] = new Ros2ServiceServer(name, requestTopic, replyTopic, requestType, replyType, codec(type.request()),
            codec(type.response()), handler, participant, forms, serviceTimer, delivery, MAX_REQUESTS_IN_FLIGHT,
            () -> forgetServer(name));
        return made[0];
      });
      Ros2ServiceServer server = made[0];
      addLocal(server.reader().guid(), requestTopic, requestType, false);
      addLocal(server.writer().guid(), replyTopic, replyType, true);
      log.info("Serving ROS 2 service {} ({})", service.name(), type.name());
      return CompletableFuture.completedFuture(server);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.SYSTEM_FAILURE));
    }
  }

  private void forgetServer(String name) {
    Ros2ServiceServer s = servers.remove(name);
    if (s != null) {
      graph.removeLocal(s.reader().guid());
      graph.removeLocal(s.writer().guid());
    }
  }

  private void addLocal(org.pyros.ros2.rtps.wire.Guid guid, String ddsTopic, String ddsType, boolean writer) {
    graph.addLocal(new Ros2Graph.Endpoint(guid, ddsTopic, ddsType, QosProfiles.named("services"), writer));
  }

  /** The service's type as given, else as the graph knows it. */
  private String serviceTypeOf(ServiceInfo service) {
    if (!service.type().isEmpty()) {
      return service.type();
    }
    ServiceInfo known = graph.current().services().get(service.name());
    if (known == null || known.type().isEmpty()) {
      throw new PyrosException(ErrorCode.NOT_FOUND, "no type known for service " + service.name());
    }
    return known.type();
  }

  private Ros2Service serviceTypeNow(String typeName) {
    try {
      return types.service(typeName);
    } catch (PyrosException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PyrosException(ErrorCode.UNKNOWN_TYPE, e.getMessage(), e);
    }
  }

  private static String serviceTopic(String service, boolean request) {
    try {
      return request ? Ros2Names.requestTopic(service) : Ros2Names.replyTopic(service);
    } catch (IllegalArgumentException e) {
      throw new PyrosException(ErrorCode.NOT_FOUND, e.getMessage(), e);
    }
  }

  private CdrCodec codec(Ros2Type type) {
    return codecs.computeIfAbsent(type.messageType().name(), n -> CdrCodec.of(type));
  }

  @Override
  public CompletionStage<Optional<Object>> getParam(String name) {
    return params(p -> p.get(name));
  }

  @Override
  public CompletionStage<Done> setParam(String name, Object value) {
    return params(p -> p.set(name, value));
  }

  @Override
  public CompletionStage<Done> deleteParam(String name) {
    return params(p -> p.delete(name));
  }

  @Override
  public CompletionStage<List<String>> paramNames() {
    return params(Ros2Params::names);
  }

  /** Follows the parameter on /parameter_events (its node tells every change there), after reading it once. */
  @Override
  public CompletionStage<Registration> watchParam(String name, Consumer<Optional<Object>> onChange) {
    Ros2Params.ParamName p;
    try {
      p = Ros2Params.ParamName.of(name);
    } catch (PyrosException e) {
      return CompletableFuture.failedFuture(e);
    }
    // Latest wins: a consumer that falls behind sees the newest value, not every one.
    BoundedDelivery<Optional<Object>> latest = new BoundedDelivery<>(1, delivery, onChange);
    TopicInfo events = new TopicInfo(Ros2NodeParameters.EVENTS_TOPIC, "rcl_interfaces/msg/ParameterEvent");
    return subscribe(events, 100, e -> ParameterEventChange.of(e, p).ifPresent(latest::offer))
        .thenCompose(sub -> getParam(name).handle((value, failure) -> {
          if (failure != null) {
            sub.cancel();
            latest.close();
            throw failure instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(failure);
          }
          latest.offer(value);
          return Registration.once(() -> {
            sub.cancel();
            latest.close();
          });
        }));
  }

  private <T> CompletionStage<T> params(java.util.function.Function<Ros2Params, CompletionStage<T>> op) {
    try {
      return op.apply(params);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.SYSTEM_FAILURE));
    }
  }

  /** The graph as discovery shows it now. */
  GraphSnapshot snapshotNow() {
    return graph.current();
  }

  /** Leaves the domain: our endpoints and participant are disposed, so peers drop them at once. */
  @Override
  public void close() {
    if (ownParameters != null) {
      ownParameters.close();
    }
    discovery.cancel();
    clients.values().forEach(Ros2ServiceClient::close);
    List.copyOf(servers.values()).forEach(Ros2ServiceServer::cancel);
    serviceTimer.shutdownNow();
    topics.closeAll();
    nodeGraph.close();
    participant.close();
    delivery.shutdown();
    graphEvents.shutdown();
    try {
      delivery.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
