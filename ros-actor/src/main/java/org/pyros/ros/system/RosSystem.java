package org.pyros.ros.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
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
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.master.SystemState;
import org.pyros.ros.msg.MessageDefinitions;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.msg.Ros1Decoder;
import org.pyros.ros.msg.Ros1Encoder;
import org.pyros.ros.slave.SlaveApi;
import org.pyros.ros.slave.SlaveNode;
import org.pyros.ros.tcpros.Publication;
import org.pyros.ros.tcpros.ServiceEndpoint;
import org.pyros.ros.tcpros.ServiceSpec;
import org.pyros.ros.tcpros.TcprosServer;
import org.pyros.ros.tcpros.TopicSpec;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcLimits;
import org.pyros.ros.xmlrpc.XmlRpcServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ROS1 as a Pyros {@link GraphSystem}: one ROS node (XML-RPC node API + TCPROS server) that
 * registers with the master, publishes and subscribes over TCPROS, calls and serves services,
 * and reads and writes the parameter server. Message types come from {@link MessageTypes}
 * (the ROS package path). When the master restarts, every registration is made again.
 */
public final class RosSystem implements GraphSystem, SlaveNode {
  private static final Logger log = LoggerFactory.getLogger(RosSystem.class);
  // Values waiting for a slow param watcher; beyond it the oldest go (the latest always arrives).
  private static final int PARAM_QUEUE = 16;

  private final ActorSystem<?> actors;
  private final RosSettings settings;
  private final RosNameResolver names;
  private final MessageTypes types;
  private final XmlRpcServer xmlrpc;
  private final XmlRpcClient xmlrpcClient;
  private final TcprosServer tcpros;
  private final MasterClient master;
  private final ExecutorService delivery;
  private final ScheduledExecutorService timer;
  private final GraphPoller poller;
  private final DefinitionProbe definitions;
  private final ServiceConnections serviceConnections;
  private final RegistrationTimes registrationTimes = new RegistrationTimes();
  // Publisher connection attempts under way at once, over all topics: a few, whatever the lists.
  private final ConnectAttempts connectAttempts = new ConnectAttempts(16, 100_000);
  private final Object lock = new Object();
  private final TrafficCounters traffic = new TrafficCounters();
  // What we registered with the master, by name; guarded by lock.
  private final Map<String, Advertised> publications = new HashMap<>();
  // Concurrent so publishers can find local subscribers without the lock; written under it.
  private final Map<String, TopicSubscribers> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Served> services = new HashMap<>();
  // Watches of parameters, by watched name; guarded by lock. The master knows one subscription per name.
  private final Map<String, List<ParamWatcher>> paramWatchers = new HashMap<>();
  // Our own /rosout publication (every ROS node has one); null when none. Guarded by lock.
  private Advertised rosout;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Done> closed = new CompletableFuture<>();

  /**
   * A topic we publish; {@code latched} holds the last message when it is latched, else null;
   * {@code seq} numbers the messages published (for their {@code header.seq}).
   */
  private record Advertised(TopicInfo topic, MessageType type, Publication publication,
      java.util.concurrent.atomic.AtomicReference<Message> latched, java.util.concurrent.atomic.AtomicLong seq) {
    Advertised(TopicInfo topic, MessageType type, Publication publication, java.util.concurrent.atomic.AtomicReference<Message> latched) {
      this(topic, type, publication, latched, new java.util.concurrent.atomic.AtomicLong());
    }
  }

  private record Served(ServiceInfo service, ServiceEndpoint endpoint) {}

  private RosSystem(ActorSystem<?> actors, RosSettings settings, MessageTypes types, XmlRpcServer xmlrpc, TcprosServer tcpros) {
    this.actors = actors;
    this.settings = settings;
    this.names = settings.names();
    this.types = types;
    this.xmlrpc = xmlrpc;
    this.tcpros = tcpros;
    this.xmlrpcClient = new XmlRpcClient(settings.masterTimeout(), settings.masterTimeout(), XmlRpcLimits.DEFAULT);
    this.master = new MasterClient(settings.masterUri(), settings.nodeName(), xmlrpcClient);
    this.delivery = Executors.newFixedThreadPool(2, daemon("pyros-ros-delivery"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("pyros-ros-graph"));
    this.serviceConnections = new ServiceConnections(master, settings.nodeName(), settings.masterTimeout());
    this.definitions = new DefinitionProbe(master, xmlrpcClient, settings.nodeName(), settings.masterTimeout());
    this.poller = new GraphPoller(master, settings.nodeName(), settings.masterTimeout(), timer, this::checkRegistrations);
  }

  /**
   * Starts the node: its XML-RPC and TCPROS servers, then polling the master. The master need
   * not be up yet; registrations are made when it answers.
   */
  public static CompletionStage<RosSystem> start(ActorSystem<?> actors, RosSettings settings, MessageTypes types) {
    XmlRpcServer xmlrpc;
    try {
      xmlrpc = XmlRpcServer.builder().host(settings.bindAddress()).advertisedHost(settings.hostname())
          .port(settings.xmlrpcPort()).start();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new PyrosException(ErrorCode.SYSTEM_FAILURE,
          "cannot start the node API server on " + settings.bindAddress() + ":" + settings.xmlrpcPort() + ": " + e.getMessage(), e));
    }
    return TcprosServer.start(settings.nodeName(), settings.bindAddress(), settings.tcprosPort())
        .handle((tcpros, failure) -> {
          if (failure != null) {
            xmlrpc.close();
            throw PyrosException.of(failure, ErrorCode.SYSTEM_FAILURE);
          }
          RosSystem ros = new RosSystem(actors, settings, types, xmlrpc, tcpros);
          SlaveApi.serve(xmlrpc, ros, settings.nodeName());
          // Polling starts once /rosout is registered (or failed to), lest it registers it twice.
          ros.advertiseRosout().whenComplete((v, e) -> ros.poller.start(settings.graphPollInterval()));
          log.info("ROS node {} up: node API {}, TCPROS {}, master {}", settings.nodeName(), xmlrpc.uri(),
              tcpros.address(), settings.masterUri());
          return ros;
        });
  }

  /** Starts with settings from the configuration and types from the ROS package path. */
  public static CompletionStage<RosSystem> start(ActorSystem<?> actors) {
    return start(actors, RosSettings.fromConfig(actors.settings().config()), MessageTypes.fromEnvironment());
  }

  /** This node's XML-RPC (node API) URI. */
  public URI nodeUri() {
    return xmlrpc.uri();
  }

  public RosSettings settings() {
    return settings;
  }

  /** The type registry, to register types that are not on the package path. */
  public MessageTypes types() {
    return types;
  }

  @Override
  public String description() {
    return "ros1 node " + settings.nodeName() + " at master " + settings.masterUri();
  }

  @Override
  public CompletionStage<GraphSnapshot> snapshot() {
    return CompletableFuture.completedFuture(poller.snapshot());
  }

  @Override
  public Registration watchGraph(Consumer<GraphSnapshot> listener) {
    poller.watch(listener);
    return () -> poller.unwatch(listener);
  }

  /** The first graph the master answered, with the types of its services probed. */
  @Override
  public CompletionStage<GraphSnapshot> ready() {
    return poller.firstView();
  }

  /**
   * A message type from the package path; failing that, learnt from the {@code message_definition}
   * a publisher of a topic of that type sends when we connect (as rostopic does for types it
   * has no files for).
   */
  @Override
  public CompletionStage<MessageType> messageType(String typeName) {
    if (types.isAvailable(typeName, "msg")) {
      return attempt(() -> types.messageType(typeName));
    }
    return definitions.learn(typeName, poller.snapshot(), poller::publishersOf)
        .thenApply(definition -> types.registerDefinition(typeName, definition));
  }

  @Override
  public CompletionStage<ServiceType> serviceType(String typeName) {
    return attempt(() -> types.serviceType(typeName));
  }

  /**
   * Runs {@code then} with the global name {@code name} stands for in this node (its namespace,
   * private names, remappings); an illegal name fails as NOT_FOUND, saying why.
   */
  private <T> CompletionStage<T> resolving(String name, java.util.function.Function<String, CompletionStage<T>> then) {
    String resolved;
    try {
      resolved = names.resolve(name);
    } catch (IllegalArgumentException e) {
      log.warn("Refused a name on node {}: {}", settings.nodeName(), e.getMessage());
      return CompletableFuture.failedFuture(new PyrosException(ErrorCode.NOT_FOUND, e.getMessage(), e));
    }
    return then.apply(resolved);
  }

  // ---- topics

  /** Bytes of TCPROS message bodies, by the global name {@code topic} stands for; empty for an illegal name. */
  @Override
  public Optional<TopicTraffic> traffic(String topic) {
    try {
      return Optional.of(traffic.of(names.resolve(topic)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public CompletionStage<TopicPublisher> advertise(TopicInfo topic, PublishOptions options) {
    return resolving(topic.name(), name -> advertiseResolved(new TopicInfo(name, topic.type()), options));
  }

  private CompletionStage<TopicPublisher> advertiseResolved(TopicInfo topic, PublishOptions options) {
    Advertised advertised;
    try {
      MessageType type = types.messageType(topic.type());
      TopicSpec spec = new TopicSpec(topic.name(), type.name(), types.md5(type), MessageDefinitions.fullText(type));
      synchronized (lock) {
        if (rosout != null && rosout == publications.get(topic.name())) {
          // The application publishes /rosout itself: it takes over our own publication.
          publications.remove(topic.name());
          rosout.publication().close();
          rosout = null;
        }
        if (publications.containsKey(topic.name())) {
          throw new PyrosException(ErrorCode.SYSTEM_FAILURE, "topic " + topic.name() + " is already advertised by " + settings.nodeName());
        }
        TopicTraffic counted = traffic.of(topic.name());
        advertised = new Advertised(topic, type, tcpros.advertise(spec, options.latch(), options.queueSize(), counted::publicationDropped),
            options.latch() ? new java.util.concurrent.atomic.AtomicReference<>() : null);
        publications.put(topic.name(), advertised);
        registrationTimes.pending("pub:" + topic.name());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.SYSTEM_FAILURE));
    }
    return registrationTimes.track("pub:" + topic.name(), () -> master.registerPublisher(topic.name(), topic.type(), xmlrpc.uri()))
        .handle((subscribers, failure) -> {
          if (failure != null) {
            // Keep the publication: the next successful poll registers it (the master may be down).
            log.warn("Could not register publisher of {} yet: {}", topic.name(), failure.getMessage());
          }
          return (TopicPublisher) new RosPublisher(advertised);
        });
  }

  /**
   * Advertises {@code /rosout} as every ROS node does (rospy: latched, queue 100). Besides being
   * expected, it makes the node known to the master (rosnode list/ping/info) before the
   * application publishes, subscribes or serves anything. Skipped when the type is unknown.
   */
  private CompletionStage<?> advertiseRosout() {
    TopicInfo topic = new TopicInfo("/rosout", "rosgraph_msgs/Log");
    try {
      MessageType type = types.messageType(topic.type());
      TopicSpec spec = new TopicSpec(topic.name(), type.name(), types.md5(type), MessageDefinitions.fullText(type));
      synchronized (lock) {
        rosout = new Advertised(topic, type, tcpros.advertise(spec, true, 100), null);
        publications.put(topic.name(), rosout);
        registrationTimes.pending("pub:" + topic.name());
      }
    } catch (RuntimeException e) {
      log.info("Not publishing /rosout: {}", e.getMessage());
      return CompletableFuture.completedFuture(null);
    }
    return registrationTimes.track("pub:" + topic.name(), () -> master.registerPublisher(topic.name(), topic.type(), xmlrpc.uri()))
        .exceptionally(e -> {
      log.debug("Could not register /rosout yet: {}", e.getMessage());
      return List.of();
    });
  }

  /** Encodes and hands messages to the TCPROS publication. */
  private final class RosPublisher implements TopicPublisher {
    private final Advertised advertised;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final TopicTraffic sent;
    private volatile MessageType accepted;

    RosPublisher(Advertised advertised) {
      this.advertised = advertised;
      this.sent = traffic.of(advertised.topic().name());
      this.accepted = advertised.type();
    }

    @Override
    public void publish(Message message) {
      MessageType t = message.type();
      if (t != accepted) {
        // A type built in code (or parsed elsewhere) is fine when it has the same layout.
        if (!t.equals(advertised.type())) {
          throw new MessageFormatException("", "topic " + advertised.topic().name() + " carries " + advertised.type().name()
              + "; the message's " + t.name() + " does not match its definition");
        }
        accepted = t;
      }
      if (hasHeader(t)) {
        // As rospy does: a message whose first field is a std_msgs/Header gets the topic's next
        // sequence number (1, 2, ...), in the order the messages go out.
        synchronized (advertised) {
          long seq = advertised.seq().incrementAndGet() & 0xFFFF_FFFFL; // uint32, wraps as in rospy
          message = message.with("header", message.getMessage("header").with("seq", seq));
          send(message);
        }
      } else {
        send(message);
      }
      // Our own subscribers get the message in process, not through a TCPROS connection to ourselves.
      TopicSubscribers local = subscriptions.get(advertised.topic().name());
      if (local != null) {
        local.deliverLocal(message);
      }
    }

    /** Whether the type starts with {@code Header header} (genpy's {@code _has_header}). */
    private static boolean hasHeader(MessageType type) {
      List<Field> fields = type.fields();
      return !fields.isEmpty() && fields.get(0).name().equals("header")
          && fields.get(0).type() instanceof FieldType.Nested n && n.type().name().equals("std_msgs/Header");
    }

    private void send(Message message) {
      ByteString bytes = Ros1Encoder.encodeToByteString(message);
      advertised.publication().publish(bytes);
      sent.published(bytes.size());
      if (advertised.latched() != null) {
        advertised.latched().set(message);
      }
    }

    @Override
    public void cancel() {
      if (!cancelled.compareAndSet(false, true)) {
        return;
      }
      synchronized (lock) {
        publications.remove(advertised.topic().name(), advertised);
      }
      advertised.publication().close();
      master.unregisterPublisher(advertised.topic().name(), xmlrpc.uri());
    }
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage) {
    return subscribe(topic, queueSize, onMessage, () -> {});
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage, Runnable onDrop) {
    return resolving(topic.name(), name -> subscribeResolved(new TopicInfo(name, topic.type()), queueSize, onMessage, onDrop));
  }

  private CompletionStage<Registration> subscribeResolved(TopicInfo topic, int queueSize, Consumer<Message> onMessage,
      Runnable onDrop) {
    TopicSubscribers subs;
    BoundedDelivery<Message> consumer = new BoundedDelivery<>(queueSize, delivery, onMessage, onDrop);
    boolean first;
    try {
      synchronized (lock) {
        subs = subscriptions.get(topic.name());
        first = subs == null;
        if (first) {
          MessageType type = types.messageType(topic.type());
          TopicSpec spec = new TopicSpec(topic.name(), type.name(), types.md5(type), MessageDefinitions.fullText(type));
          subs = new TopicSubscribers(xmlrpcClient, settings.nodeName(), xmlrpc.uri(), spec, type, connectAttempts,
              traffic.of(topic.name()));
          subscriptions.put(topic.name(), subs);
          registrationTimes.pending("sub:" + topic.name());
        }
        subs.add(consumer);
        Advertised own = publications.get(topic.name());
        Message latched = own == null || own.latched() == null ? null : own.latched().get();
        if (latched != null) {
          consumer.offer(latched); // as a latched publisher does for a subscriber that connects late
        }
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.UNKNOWN_TYPE));
    }
    TopicSubscribers s = subs;
    Registration registration = Registration.once(() -> unsubscribe(topic.name(), s, consumer));
    if (!first) {
      return CompletableFuture.completedFuture(registration);
    }
    long updatesBefore = s.updates();
    return registrationTimes.track("sub:" + topic.name(), () -> master.registerSubscriber(topic.name(), topic.type(), xmlrpc.uri()))
        .handle((publishers, failure) -> {
          if (failure != null) {
            log.warn("Could not register subscriber of {} yet: {}", topic.name(), failure.getMessage());
          } else {
            s.registered(updatesBefore, publishers);
          }
          return registration;
        });
  }

  private void unsubscribe(String topic, TopicSubscribers subs, BoundedDelivery<Message> consumer) {
    boolean last;
    synchronized (lock) {
      last = subs.remove(consumer) && subscriptions.remove(topic, subs);
    }
    if (last) {
      subs.close();
      master.unregisterSubscriber(topic, xmlrpc.uri());
    }
  }

  // ---- services

  @Override
  public CompletionStage<Message> call(ServiceInfo service, Message request, Duration timeout) {
    return resolving(service.name(), name -> callResolved(new ServiceInfo(name, service.type()), request, timeout));
  }

  private CompletionStage<Message> callResolved(ServiceInfo service, Message request, Duration timeout) {
    ServiceType type;
    String md5;
    try {
      type = types.serviceType(serviceTypeName(service, request));
      md5 = types.md5(type);
      if (!request.type().name().equals(type.request().name())) {
        throw new PyrosException(ErrorCode.BAD_MESSAGE,
            "service " + service.name() + " takes " + type.request().name() + ", not " + request.type().name());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.UNKNOWN_TYPE));
    }
    ServiceSpec spec = new ServiceSpec(service.name(), type.name(), md5, type.request().name(), type.response().name());
    return serviceConnections.call(spec, Ros1Encoder.encodeToByteString(request), timeout)
        .thenApply(bytes -> Ros1Decoder.decode(type.response(), bytes));
  }

  /** The service's type: from the graph, else as learnt by probing, else from the request's type name. */
  private String serviceTypeName(ServiceInfo service, Message request) {
    if (!service.type().isEmpty()) {
      return service.type();
    }
    String probed = poller.serviceType(service.name());
    if (!probed.isEmpty()) {
      return probed;
    }
    String requestType = request.type().name();
    if (requestType.endsWith("Request")) {
      return requestType.substring(0, requestType.length() - "Request".length());
    }
    throw new PyrosException(ErrorCode.UNAVAILABLE, "the type of service " + service.name() + " is not known yet");
  }

  @Override
  public CompletionStage<Registration> serve(ServiceInfo service, ServiceHandler handler) {
    return resolving(service.name(), name -> serveResolved(new ServiceInfo(name, service.type()), handler));
  }

  private CompletionStage<Registration> serveResolved(ServiceInfo service, ServiceHandler handler) {
    Served served;
    try {
      ServiceType type = types.serviceType(service.type());
      ServiceSpec spec = new ServiceSpec(service.name(), type.name(), types.md5(type), type.request().name(), type.response().name());
      synchronized (lock) {
        if (services.containsKey(service.name())) {
          throw new PyrosException(ErrorCode.SYSTEM_FAILURE, "service " + service.name() + " is already served by " + settings.nodeName());
        }
        ServiceEndpoint endpoint = tcpros.registerService(spec, bytes -> {
          Message request = Ros1Decoder.decode(type.request(), bytes);
          return handler.handle(request).thenApply(Ros1Encoder::encodeToByteString);
        });
        served = new Served(service, endpoint);
        services.put(service.name(), served);
        registrationTimes.pending("srv:" + service.name());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.UNKNOWN_TYPE));
    }
    Registration registration = Registration.once(() -> {
      synchronized (lock) {
        services.remove(service.name(), served);
      }
      served.endpoint().close();
      master.unregisterService(service.name(), serviceUri());
    });
    return registrationTimes.track("srv:" + service.name(), () -> master.registerService(service.name(), serviceUri(), xmlrpc.uri()))
        .handle((v, failure) -> {
          if (failure != null) {
            log.warn("Could not register service {} yet: {}", service.name(), failure.getMessage());
          }
          return registration;
        });
  }

  private URI serviceUri() {
    return URI.create("rosrpc://" + settings.hostname() + ":" + tcpros.serviceAddress().getPort());
  }

  // ---- params

  @Override
  public CompletionStage<Optional<Object>> getParam(String asked) {
    return resolving(asked, this::getResolvedParam);
  }

  private CompletionStage<Optional<Object>> getResolvedParam(String name) {
    return master.getParam(name)
        .thenApply(Optional::of)
        .exceptionally(e -> {
          PyrosException p = PyrosException.of(e, ErrorCode.SYSTEM_FAILURE);
          if (p.code() == ErrorCode.NOT_FOUND) {
            return Optional.empty();
          }
          throw p;
        });
  }

  @Override
  public CompletionStage<Done> setParam(String asked, Object value) {
    return resolving(asked, name -> setResolvedParam(name, value));
  }

  private CompletionStage<Done> setResolvedParam(String name, Object value) {
    // The master tells every subscriber but the setter: our own watchers learn it here.
    return master.setParam(name, value).thenApply(v -> {
      paramUpdate(name, value);
      return Done.getInstance();
    });
  }

  @Override
  public CompletionStage<Done> deleteParam(String asked) {
    return resolving(asked, this::deleteResolvedParam);
  }

  private CompletionStage<Done> deleteResolvedParam(String name) {
    return master.deleteParam(name).thenApply(v -> {
      paramUpdate(name, Map.of());
      return Done.getInstance();
    });
  }

  /**
   * Follows the parameter through the master's {@code subscribeParam} and the {@code
   * paramUpdate} calls it then makes to this node (as rospy's cached parameters do). After a
   * master restart the watch is not made again.
   */
  @Override
  public CompletionStage<Registration> watchParam(String asked, Consumer<Optional<Object>> onChange) {
    return resolving(asked, name -> watchResolvedParam(name, onChange));
  }

  private CompletionStage<Registration> watchResolvedParam(String name, Consumer<Optional<Object>> onChange) {
    ParamWatcher watcher = new ParamWatcher(name, new BoundedDelivery<>(PARAM_QUEUE, delivery, onChange));
    synchronized (lock) {
      paramWatchers.computeIfAbsent(watcher.name(), n -> new ArrayList<>()).add(watcher);
    }
    Registration registration = Registration.once(() -> unwatchParam(watcher));
    return master.subscribeParam(xmlrpc.uri(), watcher.name())
        .handle((current, failure) -> {
          if (failure != null) {
            registration.cancel();
            throw PyrosException.of(failure, ErrorCode.SYSTEM_FAILURE);
          }
          watcher.initial(current);
          return registration;
        });
  }

  private void unwatchParam(ParamWatcher watcher) {
    boolean last;
    synchronized (lock) {
      List<ParamWatcher> same = paramWatchers.getOrDefault(watcher.name(), new ArrayList<>());
      same.remove(watcher);
      last = same.isEmpty() && paramWatchers.remove(watcher.name()) != null;
    }
    watcher.close();
    if (last && !closing.get()) {
      master.unsubscribeParam(xmlrpc.uri(), watcher.name())
          .exceptionally(e -> {
            log.debug("Could not unsubscribe from param {}: {}", watcher.name(), e.getMessage());
            return 0;
          });
    }
  }

  @Override
  public CompletionStage<List<String>> paramNames() {
    return master.getParamNames().thenApply(names -> names.stream().sorted().toList());
  }

  // ---- node API (SlaveNode)

  @Override
  public URI masterUri() {
    return settings.masterUri();
  }

  @Override
  public List<List<Object>> publications() {
    synchronized (lock) {
      List<List<Object>> out = new ArrayList<>();
      publications.values().forEach(a -> out.add(List.of(a.topic().name(), a.type().name())));
      return out;
    }
  }

  @Override
  public List<List<Object>> subscriptions() {
    synchronized (lock) {
      List<List<Object>> out = new ArrayList<>();
      subscriptions.values().forEach(s -> out.add(List.of(s.spec().topic(), s.spec().type())));
      return out;
    }
  }

  @Override
  public List<List<Object>> busInfo() {
    List<List<Object>> out = new ArrayList<>();
    synchronized (lock) {
      for (Advertised a : publications.values()) {
        for (Publication.SubscriberLink link : a.publication().subscribers()) {
          out.add(List.of(link.id(), link.callerId(), "o", "TCPROS", a.topic().name(), true));
        }
      }
      for (TopicSubscribers s : subscriptions.values()) {
        s.connected().forEach((uri, sub) ->
            out.add(List.of(sub.id(), uri.toString(), "i", "TCPROS", s.spec().topic(), sub.isConnected())));
      }
    }
    return out;
  }

  @Override
  public List<Object> busStats() {
    List<Object> pubs = new ArrayList<>();
    List<Object> subs = new ArrayList<>();
    synchronized (lock) {
      for (Advertised a : publications.values()) {
        List<Object> links = new ArrayList<>();
        for (Publication.SubscriberLink link : a.publication().subscribers()) {
          links.add(List.of(link.id(), saturated(link.bytesSent()), saturated(link.messagesSent()), true));
        }
        pubs.add(List.of(a.topic().name(), links));
      }
      for (TopicSubscribers s : subscriptions.values()) {
        List<Object> links = new ArrayList<>();
        s.connected().values().forEach(sub ->
            links.add(List.of(sub.id(), saturated(sub.bytesReceived()), -1, sub.isConnected())));
        subs.add(List.of(s.spec().topic(), links));
      }
    }
    return List.of(pubs, subs, List.of());
  }

  /** XML-RPC integers are 32 bits (i4): a count past that is reported as the largest one. */
  private static int saturated(long count) {
    return (int) Math.min(Integer.MAX_VALUE, count);
  }

  @Override
  public Optional<InetSocketAddress> tcprosEndpoint(String topic) {
    synchronized (lock) {
      if (!publications.containsKey(topic)) {
        return Optional.empty();
      }
    }
    return Optional.of(new InetSocketAddress(settings.hostname(), tcpros.address().getPort()));
  }

  @Override
  public boolean publisherUpdate(String topic, List<URI> publishers) {
    TopicSubscribers subs;
    synchronized (lock) {
      subs = subscriptions.get(topic);
    }
    if (subs == null) {
      return false;
    }
    subs.publisherUpdate(publishers);
    return true;
  }

  @Override
  public boolean paramUpdate(String key, Object value) {
    List<ParamWatcher> watchers;
    synchronized (lock) {
      watchers = paramWatchers.values().stream().flatMap(List::stream).toList();
    }
    boolean concerned = false;
    for (ParamWatcher w : watchers) {
      concerned |= w.update(key, value);
    }
    return concerned;
  }

  @Override
  public boolean shutdownRequested(String caller, String reason) {
    if (!settings.shutdownOnRequest()) {
      log.error("{} asks this node ({}) to shut down: {}. Refused (shutdown-on-request is off); if another node took "
          + "the name {}, ROS now routes it there.", caller, settings.nodeName(), reason, settings.nodeName());
      return false;
    }
    if (closing.get()) {
      return true; // shutting down already
    }
    log.warn("{} asks this node ({}) to shut down: {}. Shutting down, as ROS nodes do.", caller, settings.nodeName(), reason);
    // Not on the node API thread that must send the answer first: close() stops that server.
    Thread t = new Thread(this::close, "pyros-ros-shutdown");
    t.setDaemon(true);
    t.start();
    return true;
  }

  /** Completes once the node is closed: by {@link #close()}, or by a shutdown request from ROS. */
  @Override
  public CompletionStage<Done> whenClosed() {
    return closed.copy();
  }

  // ---- master restarts

  /**
   * After each poll: whatever we registered but the master does not list (it restarted, or was
   * down when we registered) is registered again.
   */
  private void checkRegistrations(GraphPoller.Raw raw) {
    if (closing.get()) {
      return; // a closing node's registrations go away on purpose
    }
    SystemState state = raw.state();
    String me = settings.nodeName();
    List<Advertised> pubs;
    List<TopicSubscribers> subs;
    List<Served> srvs;
    synchronized (lock) {
      // A registration that settled after the poll was sent is not missing: the poll predates it.
      long polled = raw.startedNanos();
      pubs = publications.values().stream().filter(a -> !listed(state.publishers(), a.topic().name(), me)
          && registrationTimes.settledBefore("pub:" + a.topic().name(), polled)).toList();
      subs = subscriptions.values().stream().filter(s -> !listed(state.subscribers(), s.spec().topic(), me)
          && registrationTimes.settledBefore("sub:" + s.spec().topic(), polled)).toList();
      srvs = services.values().stream().filter(s -> !listed(state.services(), s.service().name(), me)
          && registrationTimes.settledBefore("srv:" + s.service().name(), polled)).toList();
    }
    if (pubs.isEmpty() && subs.isEmpty() && srvs.isEmpty()) {
      return;
    }
    log.info("Registering again with the master: {} publications, {} subscriptions, {} services", pubs.size(), subs.size(), srvs.size());
    pubs.forEach(a -> registrationTimes.track("pub:" + a.topic().name(),
        () -> master.registerPublisher(a.topic().name(), a.type().name(), xmlrpc.uri())));
    subs.forEach(s -> {
      long updatesBefore = s.updates();
      registrationTimes.track("sub:" + s.spec().topic(), () -> master.registerSubscriber(s.spec().topic(), s.spec().type(), xmlrpc.uri()))
          .thenAccept(publishers -> s.registered(updatesBefore, publishers));
    });
    srvs.forEach(s -> registrationTimes.track("srv:" + s.service().name(),
        () -> master.registerService(s.service().name(), serviceUri(), xmlrpc.uri())));
  }

  private static boolean listed(Map<String, List<String>> byName, String name, String node) {
    return byName.getOrDefault(name, List.of()).contains(node);
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      closed.join();
      return;
    }
    try {
      stop();
    } finally {
      closed.complete(Done.getInstance());
    }
  }

  private void stop() {
    timer.shutdownNow();
    poller.close();
    List<Registration> toCancel = new ArrayList<>();
    List<CompletableFuture<?>> unregistering = new ArrayList<>();
    synchronized (lock) {
      publications.values().forEach(a -> {
        a.publication().close();
        unregistering.add(master.unregisterPublisher(a.topic().name(), xmlrpc.uri()).toCompletableFuture());
      });
      subscriptions.forEach((topic, s) -> {
        s.close();
        unregistering.add(master.unregisterSubscriber(topic, xmlrpc.uri()).toCompletableFuture());
      });
      services.values().forEach(s -> {
        s.endpoint().close();
        unregistering.add(master.unregisterService(s.service().name(), serviceUri()).toCompletableFuture());
      });
      paramWatchers.forEach((name, watchers) -> {
        watchers.forEach(ParamWatcher::close);
        unregistering.add(master.unsubscribeParam(xmlrpc.uri(), name).toCompletableFuture());
      });
      paramWatchers.clear();
      publications.clear();
      subscriptions.clear();
      services.clear();
    }
    toCancel.forEach(Registration::cancel);
    try {
      // Best effort: a master that is gone must not hold up shutdown.
      CompletableFuture.allOf(unregistering.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("Unregistering from the master did not finish: {}", e.getMessage());
    }
    serviceConnections.close();
    tcpros.close();
    xmlrpc.close();
    delivery.shutdownNow();
    log.info("ROS node {} stopped", settings.nodeName());
  }

  private static <T> CompletionStage<T> attempt(java.util.function.Supplier<T> work) {
    try {
      return CompletableFuture.completedFuture(work.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.UNKNOWN_TYPE));
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
