package org.pyros.ros2.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
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
import org.pyros.ros2.cdr.CdrCodec;
import org.pyros.ros2.msg.Ros2Names;
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
 * writers and readers with CDR payloads. Services and parameters are not supported yet and
 * fail with {@link ErrorCode#UNAVAILABLE}.
 *
 * <pre>{@code
 * Ros2System ros2 = Ros2System.start(Ros2Settings.fromConfig(config));
 * ActorRef<PyrosNode.Command> node = actors.systemActorOf(PyrosNode.create(ros2, nodeSettings), "pyros", Props.empty());
 * }</pre>
 */
public final class Ros2System implements GraphSystem {
  private static final Logger log = LoggerFactory.getLogger(Ros2System.class);
  private static final String NOT_YET = "ROS 2 services and parameters are not supported by this version of Pyros's "
      + "Ros2System (topics are)";

  private final Ros2Settings settings;
  private final Ros2Types types;
  private final Participant participant;
  private final ExecutorService delivery;
  private final ExecutorService graphEvents;
  private final Ros2Graph graph;
  private final Ros2Topics topics;
  private final Registration discovery;
  private final Ros2NodeGraph nodeGraph;
  private final Map<String, CdrCodec> codecs = new ConcurrentHashMap<>();

  private Ros2System(Ros2Settings settings, Ros2Types types, Participant participant, ExecutorService delivery,
      ExecutorService graphEvents) {
    this.settings = settings;
    this.types = types;
    this.participant = participant;
    this.delivery = delivery;
    this.graphEvents = graphEvents;
    this.graph = new Ros2Graph(graphEvents, participant.guidPrefix(), settings.nodeName());
    this.topics = new Ros2Topics(graph);
    this.discovery = participant.watch(graph);
    graph.watchWriters(this::adaptSubscription);
    this.nodeGraph = new Ros2NodeGraph(participant, graph, settings.nodeName());
  }

  /** Joins the domain with the bundled ROS 2 message types. */
  public static Ros2System start(Ros2Settings settings) {
    return start(settings, Ros2Types.bundled());
  }

  /** Joins the domain with the given type registry; throws {@link PyrosException} when the sockets cannot be had. */
  public static Ros2System start(Ros2Settings settings, Ros2Types types) {
    Participant participant;
    try {
      participant = Participant.start(settings.participantSettings());
    } catch (RuntimeException e) {
      throw new PyrosException(ErrorCode.SYSTEM_FAILURE, "cannot join ROS 2 domain " + settings.domainId() + ": " + e.getMessage(), e);
    }
    Ros2System system = new Ros2System(settings, types, participant,
        Executors.newFixedThreadPool(2, daemon("pyros-ros2-delivery")),
        Executors.newSingleThreadExecutor(daemon("pyros-ros2-graph")));
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

  @Override
  public CompletionStage<TopicPublisher> advertise(TopicInfo topic, PublishOptions options) {
    try {
      String ddsTopic = ddsTopic(topic.name());
      MessageType type = messageTypeNow(topic.type());
      Qos qos = qos(() -> settings.qos().forPublication(topic.name(), options.qosProfile(), options.latch()));
      LocalWriter writer = participant.createWriter(ddsTopic, Ros2Names.ddsTypeName(type.name()), qos);
      graph.addLocal(new Ros2Graph.Endpoint(writer.guid(), ddsTopic, Ros2Names.ddsTypeName(type.name()), qos, true));
      Ros2Publication publication = new Ros2Publication(topic.name(), type, codec(type), writer, topics);
      topics.add(publication);
      return CompletableFuture.completedFuture(publication);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.SYSTEM_FAILURE));
    }
  }

  @Override
  public CompletionStage<Registration> subscribe(TopicInfo topic, int queueSize, Consumer<Message> onMessage) {
    try {
      String ddsTopic = ddsTopic(topic.name());
      MessageType type = messageTypeNow(typeOf(topic));
      BoundedDelivery<Message> consumer = new BoundedDelivery<>(queueSize, delivery, onMessage);
      Ros2Subscription s = topics.subscribe(topic.name(), () -> newSubscription(topic.name(), ddsTopic, type), consumer);
      // A writer discovered while the subscription was being made was adapted to before the
      // subscription could be found: adapt once more, now that it is there.
      graphEvents.execute(() -> adaptSubscription(ddsTopic));
      return CompletableFuture.completedFuture(Registration.once(() -> topics.unsubscribe(s, consumer)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(PyrosException.of(e, ErrorCode.SYSTEM_FAILURE));
    }
  }

  private Ros2Subscription newSubscription(String topic, String ddsTopic, MessageType type) {
    Ros2Subscription s = new Ros2Subscription(topic, ddsTopic, Ros2Names.ddsTypeName(type.name()), codec(type));
    attachReader(s, qos(() -> settings.qos().forSubscription(topic, graph.writersOf(ddsTopic))));
    return s;
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

  @Override
  public CompletionStage<Message> call(ServiceInfo service, Message request, Duration timeout) {
    return unavailable();
  }

  @Override
  public CompletionStage<Registration> serve(ServiceInfo service, ServiceHandler handler) {
    return unavailable();
  }

  @Override
  public CompletionStage<Optional<Object>> getParam(String name) {
    return unavailable();
  }

  @Override
  public CompletionStage<Done> setParam(String name, Object value) {
    return unavailable();
  }

  @Override
  public CompletionStage<Done> deleteParam(String name) {
    return unavailable();
  }

  @Override
  public CompletionStage<List<String>> paramNames() {
    return unavailable();
  }

  private static <T> CompletionStage<T> unavailable() {
    return CompletableFuture.failedFuture(new PyrosException(ErrorCode.UNAVAILABLE, NOT_YET));
  }

  /** Leaves the domain: our endpoints and participant are disposed, so peers drop them at once. */
  @Override
  public void close() {
    discovery.cancel();
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
