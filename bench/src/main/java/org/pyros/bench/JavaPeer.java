package org.pyros.bench;

import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.metrics.PyrosMetrics;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.msg.Ros1Decoder;
import org.pyros.ros.msg.Ros1Encoder;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;
import org.pyros.ros.tcpros.ServiceClient;
import org.pyros.ros.tcpros.ServiceSpec;

/**
 * The Pyros benchmark peer: one JVM, one Pyros ROS node, driven like the roscpp and rospy peers
 * (same commands, same result lines on stdout). {@code system} mode uses {@link RosSystem}
 * directly; {@code node} mode goes through the node actor and {@link PyrosClient}; {@code
 * node_no_metrics} and {@code node_metrics} too, with the node's metrics disabled, or bound to a
 * {@code SimpleMeterRegistry} scraped every second (their cost).
 *
 * <pre>
 *   JavaPeer system|node|node_no_metrics|node_metrics pub   TOPIC KIND MAX_SECONDS RATE_HZ(0 = flat out)
 *   JavaPeer system|node|node_no_metrics|node_metrics sub   TOPIC KIND WARMUP_S MEASURE_S
 *   JavaPeer system|node first TOPIC KIND
 *   JavaPeer system      srv   SERVICE
 *   JavaPeer system|node|tcpros|lookup|connect call SERVICE WARMUP COUNT
 *       (lookup: the master lookup alone; connect: a connection per call, no lookup)
 *   JavaPeer node        heap  PREFIX TOPICS SECONDS INTERVAL_S SLOW_MS
 * </pre>
 */
public final class JavaPeer {
  private static final long START = System.nanoTime();
  private static final String SETBOOL = "std_srvs/SetBool";

  private final String mode;
  private final ActorSystem<Void> actors;
  private final RosSystem ros;
  private final PyrosClient client;

  private JavaPeer(String mode) throws Exception {
    this.mode = mode;
    this.actors = ActorSystem.create(Behaviors.empty(), "bench", ConfigFactory.load());
    URI master = URI.create(System.getenv().getOrDefault("ROS_MASTER_URI", "http://127.0.0.1:11311"));
    String name = "/bench_java_" + ProcessHandle.current().pid();
    this.ros = RosSystem.start(actors, RosSettings.forMaster(name, master), org.pyros.ros.msg.MessageTypes.fromEnvironment())
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    if (mode.startsWith("node")) {
      PyrosMetrics metrics = mode.equals("node_no_metrics") ? PyrosMetrics.disabled() : new PyrosMetrics();
      if (mode.equals("node_metrics")) {
        scrapeEverySecond(metrics);
      }
      ActorRef<PyrosNode.Command> node = actors.systemActorOf(
          PyrosNode.create(ros, NodeSettings.fromConfig(actors.settings().config()), metrics), "pyros", Props.empty());
      this.client = ActorPyrosClient.create(actors, node, Duration.ofSeconds(10), org.pyros.core.client.RequestRoute.NONE, metrics);
    } else {
      this.client = null;
    }
  }

  /** Binds the metrics to a registry read in full every second, as a Prometheus scrape would. */
  private static void scrapeEverySecond(PyrosMetrics metrics) {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    metrics.bindTo(registry);
    java.util.concurrent.ScheduledExecutorService scraper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-scrape");
      t.setDaemon(true);
      return t;
    });
    scraper.scheduleAtFixedRate(() -> registry.getMeters().forEach(m -> m.measure().forEach(v -> v.getValue())),
        1, 1, TimeUnit.SECONDS);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: JavaPeer system|node|tcpros COMMAND ARGS...");
      System.exit(2);
    }
    JavaPeer peer = new JavaPeer(args[0]);
    int code = 0;
    try {
      switch (args[1]) {
        case "pub" -> peer.pub(args[2], Payload.of(args[3]), Double.parseDouble(args[4]), Double.parseDouble(args[5]));
        case "sub" -> peer.sub(args[2], Payload.of(args[3]), Double.parseDouble(args[4]), Double.parseDouble(args[5]));
        case "first" -> peer.first(args[2], Payload.of(args[3]));
        case "srv" -> peer.serve(args[2]);
        case "call" -> peer.call(args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        case "heap" -> peer.heap(args[2], Integer.parseInt(args[3]), Double.parseDouble(args[4]),
            Double.parseDouble(args[5]), Integer.parseInt(args[6]));
        default -> throw new IllegalArgumentException("unknown command " + args[1]);
      }
    } catch (Exception e) {
      System.out.println("ERROR " + e);
      e.printStackTrace();
      code = 1;
    } finally {
      peer.close();
    }
    System.exit(code);
  }

  private void close() {
    try {
      ros.close();
    } finally {
      actors.terminate();
      try {
        actors.getWhenTerminated().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // exiting anyway
      }
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  // ---- topics

  /** Publishes flat out (rate 0) or at a rate until {@code maxSeconds} pass. */
  private void pub(String topic, Payload kind, double maxSeconds, double rateHz) throws Exception {
    org.pyros.ros.msg.MessageTypes types = ros.types();
    Message fixed = kind.stamped() ? null : kind.build(types, 0);
    Consumer<Message> send = publisher(topic, kind);
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    long period = rateHz > 0 ? (long) (1e9 / rateHz) : 0;
    long next = System.nanoTime();
    say("READY");
    for (long seq = 0; System.nanoTime() < deadline; seq++) {
      send.accept(fixed != null ? fixed : kind.build(types, seq));
      if (period > 0) {
        next += period;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }
  }

  private Consumer<Message> publisher(String topic, Payload kind) throws Exception {
    if (client == null) {
      TopicPublisher p = ros.advertise(new TopicInfo(topic, kind.typeName), PublishOptions.DEFAULT)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      return p::publish;
    }
    // Through the node: fire-and-forget sends (the streaming fast path), with every
    // BARRIER-th message an acknowledged publish that is waited for. The node handles a topic's
    // messages in order, so its answer means all earlier sends were taken too: at most BARRIER
    // messages are in flight (a flat-out loop of sends alone would only measure how fast the
    // node's mailbox grows).
    long[] sent = {0};
    return m -> {
      if (++sent[0] % BARRIER == 0) {
        client.publish(topic, m).toCompletableFuture().join();
      } else {
        client.send(topic, m);
      }
    };
  }

  /** Sends between two acknowledged publishes on the node path. */
  private static final int BARRIER = 256;

  /** Waits for the first message, warms up, then counts messages (and latencies) for a window. */
  private void sub(String topic, Payload kind, double warmupS, double measureS) throws Exception {
    AtomicLong count = new AtomicLong();
    Samples latencies = new Samples(2_000_000);
    boolean[] measuring = {false};
    subscribe(topic, kind, m -> {
      count.incrementAndGet();
      if (kind == Payload.STAMP && measuring[0]) {
        latencies.add(Payload.latencyMicros(m));
      }
    });
    say("READY");
    long firstDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (count.get() == 0) {
      if (System.nanoTime() > firstDeadline) {
        throw new IllegalStateException("no message on " + topic + " within 60 s");
      }
      Thread.sleep(5);
    }
    Thread.sleep((long) (warmupS * 1000));
    long c0 = count.get();
    long t0 = System.nanoTime();
    measuring[0] = true;
    Thread.sleep((long) (measureS * 1000));
    measuring[0] = false;
    long c1 = count.get();
    long t1 = System.nanoTime();
    double secs = (t1 - t0) / 1e9;
    say(String.format(Locale.ROOT, "RESULT msgs=%d secs=%.3f rate=%.1f p50=%d p99=%d samples=%d",
        c1 - c0, secs, (c1 - c0) / secs, latencies.percentile(50), latencies.percentile(99), latencies.count()));
  }

  /** Subscribes; through the node, retries until the topic is in the node's graph. */
  private void subscribe(String topic, Payload kind, Consumer<Message> onMessage) throws Exception {
    if (client == null) {
      ros.subscribe(new TopicInfo(topic, kind.typeName), 100, onMessage).toCompletableFuture().get(10, TimeUnit.SECONDS);
      return;
    }
    retry(() -> client.subscribe(topic, onMessage), 60);
  }

  /** Exits on the first message: process start to first message, seen from outside. */
  private void first(String topic, Payload kind) throws Exception {
    CompletableFuture<Message> first = new CompletableFuture<>();
    subscribe(topic, kind, first::complete);
    first.get(60, TimeUnit.SECONDS);
    say(String.format(Locale.ROOT, "FIRST inprocess_ms=%.1f jvm_uptime_ms=%d", (System.nanoTime() - START) / 1e6,
        ManagementFactory.getRuntimeMXBean().getUptime()));
  }

  // ---- services

  private static Message setBool(ServiceType type, boolean value) {
    return Message.builder(type.request()).set("data", value).build();
  }

  private void serve(String service) throws Exception {
    ServiceType type = ros.types().serviceType(SETBOOL);
    Message ok = Message.builder(type.response()).set("success", true).set("message", "ok").build();
    ros.serve(new ServiceInfo(service, SETBOOL), req -> CompletableFuture.completedFuture(ok))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    say("READY");
    Thread.sleep(Long.MAX_VALUE); // until the runner stops us
  }

  /** Sequential calls; round trip of each after {@code warmup} unmeasured ones. */
  private void call(String service, int warmup, int count) throws Exception {
    ServiceType type = ros.types().serviceType(SETBOOL);
    Message request = setBool(type, true);
    java.util.function.Supplier<CompletionStage<Message>> once = caller(service, type, request);
    retry(once, 60);
    Samples rtt = new Samples(count);
    for (int i = 0; i < warmup; i++) {
      once.get().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long s = System.nanoTime();
      Message response = once.get().toCompletableFuture().get(10, TimeUnit.SECONDS);
      rtt.add((System.nanoTime() - s) / 1000);
      if (!response.getBool("success")) {
        throw new IllegalStateException("service answered success=false");
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    say(String.format(Locale.ROOT, "RESULT calls=%d secs=%.3f rate=%.1f p50=%d p99=%d",
        count, secs, count / secs, rtt.percentile(50), rtt.percentile(99)));
  }

  private java.util.function.Supplier<CompletionStage<Message>> caller(String service, ServiceType type, Message request)
      throws Exception {
    if (client != null) {
      return () -> client.call(service, request);
    }
    if (mode.equals("lookup")) {
      // Only the master lookup every default call makes (XML-RPC to rosmaster).
      MasterClient master = new MasterClient(ros.settings().masterUri(), ros.settings().nodeName());
      return () -> master.lookupService(service).thenApply(u -> Message.builder(type.response()).set("success", true).build());
    }
    if (mode.equals("connect")) {
      // A new TCPROS connection per call (like the default), without the master lookup.
      MasterClient master = new MasterClient(ros.settings().masterUri(), ros.settings().nodeName());
      URI uri = retry(() -> master.lookupService(service), 60);
      ServiceSpec spec = new ServiceSpec(service, type.name(), ros.types().md5(type), type.request().name(), type.response().name());
      InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
      ByteString bytes = Ros1Encoder.encodeToByteString(request);
      return () -> ServiceClient.call(ros.settings().nodeName(), spec, address, bytes, Duration.ofSeconds(10))
          .thenApply(b -> Ros1Decoder.decode(type.response(), b));
    }
    if (mode.equals("tcpros")) {
      // One persistent TCPROS connection (what roscpp's persistent service client does).
      MasterClient master = new MasterClient(ros.settings().masterUri(), ros.settings().nodeName());
      URI uri = retry(() -> master.lookupService(service), 60);
      ServiceSpec spec = new ServiceSpec(service, type.name(), ros.types().md5(type), type.request().name(), type.response().name());
      ServiceClient c = ServiceClient.persistent(ros.settings().nodeName(), spec,
          new InetSocketAddress(uri.getHost(), uri.getPort()), Duration.ofSeconds(10));
      ByteString bytes = Ros1Encoder.encodeToByteString(request);
      return () -> c.call(bytes).thenApply(b -> Ros1Decoder.decode(type.response(), b));
    }
    ServiceInfo info = new ServiceInfo(service, SETBOOL);
    return () -> ros.call(info, request, Duration.ofSeconds(10));
  }

  // ---- heap with many exposed topics and slow subscribers

  /**
   * Through the node: waits until {@code topics} topics under {@code prefix} are in the graph (the
   * node subscribes to every exposed topic), subscribes one slow callback to {@code prefix/t0},
   * and publishes {@code prefix/out} at 1 kHz for a (slow) remote subscriber. Prints the heap
   * after a full GC every interval.
   */
  private void heap(String prefix, int topics, double seconds, double intervalS, int slowMs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (client.topics().toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
        .filter(t -> t.name().startsWith(prefix + "/t")).count() < topics) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fewer than " + topics + " topics under " + prefix + " after 60 s");
      }
      Thread.sleep(100);
    }
    AtomicLong slowHandled = new AtomicLong();
    retry(() -> client.subscribe(prefix + "/t0", m -> {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(slowMs));
      slowHandled.incrementAndGet();
    }), 30);
    Message out = Payload.STR1K.build(ros.types(), 0);
    Thread publisher = new Thread(() -> {
      Semaphore inFlight = new Semaphore(64);
      long next = System.nanoTime();
      while (!Thread.currentThread().isInterrupted()) {
        inFlight.acquireUninterruptibly();
        client.publish(prefix + "/out", out).whenComplete((d, e) -> inFlight.release());
        next += 1_000_000;
        LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
      }
    }, "heap-publisher");
    publisher.setDaemon(true);
    publisher.start();
    say("READY");
    var memory = ManagementFactory.getMemoryMXBean();
    long t0 = System.nanoTime();
    int steps = (int) Math.round(seconds / intervalS);
    for (int i = 0; i <= steps; i++) {
      long wake = t0 + (long) (i * intervalS * 1e9);
      LockSupport.parkNanos(Math.max(0, wake - System.nanoTime()));
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      say(String.format(Locale.ROOT, "HEAP t=%.1f used_mb=%.1f slow_handled=%d", (System.nanoTime() - t0) / 1e9,
          used / 1048576.0, slowHandled.get()));
    }
    publisher.interrupt();
    say("RESULT done=1");
    Thread.sleep(Long.MAX_VALUE); // the runner takes a class histogram, then stops us
  }

  /** Retries an asynchronous step (e.g. the name is not in the graph yet) until it succeeds. */
  private static <T> T retry(java.util.function.Supplier<CompletionStage<T>> step, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      try {
        return step.get().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  static List<String> usage() {
    return List.of("pub", "sub", "first", "srv", "call", "heap");
  }
}
