package org.pyros.ros2.system;

import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros2.rtps.DiscoveredGraph;
import org.pyros.ros2.rtps.DiscoveryListener;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.discovery.ParticipantData;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.Locator;

/**
 * The Pyros side of {@link Ros2LossTest}: a JVM of its own (started inside the test's network
 * namespace) with one {@link Ros2System} that publishes or subscribes one reliable topic with the
 * ros2peer programs' deterministic content ({@link PeerContent}).
 *
 * <pre>
 * LossNode pub string|image TOPIC N HZ    waits for "go" on stdin, publishes samples 0..N-1
 * LossNode sub string|image TOPIC N       checks every sample: content, exactly once, in order
 * </pre>
 *
 * Both take the domain from ROS_DOMAIN_ID, give the topic a reliable KEEP_LAST depth of N (so the
 * history never drops what a reader still needs) and print, one per line on stdout:
 * {@code ports P...} (our locators' ports), {@code matched PORTS} (the matched peer's locators'
 * ports: participant and endpoint), {@code sent N}, {@code BAD i why}, {@code ORDER expected e got
 * i}, {@code received count=N bad=B order=O}; on "end" (or the end of stdin) {@code heap
 * used=BYTES} after a full GC with everything still open, then it leaves the domain and exits 0.
 */
public final class LossNode {
  private final String mode;
  private final String kind;
  private final String topic;
  private final int count;
  private final Ros2System system;
  private final PeerContent content;
  private final AtomicBoolean matchedPrinted = new AtomicBoolean();
  private final CountDownLatch matched = new CountDownLatch(1);
  private long received;
  private long bad;
  private long order;

  private LossNode(String mode, String kind, String topic, int count, Ros2System system) {
    this.mode = mode;
    this.kind = kind;
    this.topic = topic;
    this.count = count;
    this.system = system;
    this.content = new PeerContent(system.types());
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4 || !List.of("pub", "sub").contains(args[0]) || !List.of("string", "image").contains(args[1])) {
      System.err.println("usage: LossNode pub|sub string|image TOPIC N [HZ]");
      System.exit(2);
    }
    String topic = args[2];
    int n = Integer.parseInt(args[3]);
    double hz = args.length > 4 ? Double.parseDouble(args[4]) : 0;
    String env = System.getenv("ROS_DOMAIN_ID");
    int domain = env == null || env.isEmpty() ? 0 : Integer.parseInt(env);
    QosProfiles qos = QosProfiles.fromConfig(ConfigFactory.parseString(
        "default-profile = default\ntopics { \"" + topic + "\" { profile = default, depth = " + n + " } }"));
    Ros2System system = Ros2System.start(Ros2Settings.loopback(domain, "pyros_loss").withQos(qos));
    LossNode node = new LossNode(args[0], args[1], topic, n, system);
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      node.run(hz, stdin);
      for (String line = stdin.readLine(); line != null && !line.equals("end"); line = stdin.readLine()) {
        // only "end" matters now
      }
      print("heap used=" + heapAfterGc());
    } finally {
      system.close();
    }
    System.exit(0);
  }

  private void run(double hz, BufferedReader stdin) throws IOException, InterruptedException {
    Participant participant = system.participant();
    ParticipantData self = participant.description();
    List<Integer> ports = new ArrayList<>();
    self.metatrafficUnicast().forEach(l -> ports.add(l.port()));
    self.defaultUnicast().forEach(l -> ports.add(l.port()));
    print("ports " + join(ports));
    participant.watch(new DiscoveryListener() {
      @Override
      public void matched(Guid local, Guid remote) {
        onMatched(remote);
      }
    });
    String type = kind.equals("string") ? "std_msgs/msg/String" : "sensor_msgs/msg/Image";
    TopicInfo info = new TopicInfo(topic, type);
    if (mode.equals("sub")) {
      system.subscribe(info, count, this::onMessage).toCompletableFuture().join();
      return;
    }
    TopicPublisher publisher = system.advertise(info, new PublishOptions(false, count)).toCompletableFuture().join();
    matched.await();
    String go = stdin.readLine();
    if (!"go".equals(go)) {
      throw new IllegalStateException("expected go on stdin, got " + go);
    }
    long period = hz > 0 ? (long) (1e9 / hz) : 0;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (period > 0) {
        long wait = start + i * period - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // the publishing rate, not a synchronization
        }
      }
      publisher.publish(content.sample(type, i));
    }
    print("sent " + count);
  }

  /** The remote endpoint matched ours on the topic: prints the ports it and its participant listen on, once. */
  private void onMatched(Guid remote) {
    DiscoveredGraph g = system.participant().graph();
    EndpointData e = g.writers().containsKey(remote) ? g.writers().get(remote) : g.readers().get(remote);
    if (e == null || !e.topicName().equals("rt" + topic) || !matchedPrinted.compareAndSet(false, true)) {
      return;
    }
    List<Integer> ports = new ArrayList<>();
    e.unicast().forEach(l -> ports.add(l.port()));
    g.participant(remote.prefix()).ifPresent(p -> {
      for (List<Locator> ls : List.of(p.metatrafficUnicast(), p.defaultUnicast(), p.metatrafficMulticast(),
          p.defaultMulticast(), e.multicast())) {
        ls.forEach(l -> ports.add(l.port()));
      }
    });
    print("matched " + join(ports));
    matched.countDown();
  }

  private void onMessage(Message m) {
    long index = -1;
    String why;
    try {
      String id = kind.equals("string") ? m.getString("data") : m.getMessage("header").getString("frame_id");
      String prefix = kind.equals("string") ? "hello " : "img";
      index = id.startsWith(prefix) ? Long.parseLong(id.substring(prefix.length())) : -1;
      why = index < 0 ? "no index in " + id : PeerContent.firstDifference(content.sample(m.type().name(), index), m);
    } catch (RuntimeException e) {
      why = e.toString();
    }
    // Exactly once and in order: sample i is the i-th to arrive.
    if (index >= 0 && index != received) {
      order++;
      print("ORDER expected " + received + " got " + index);
    }
    if (!why.isEmpty()) {
      bad++;
      print("BAD " + index + " " + why);
    }
    received++;
    if (received == count) {
      print("received count=" + received + " bad=" + bad + " order=" + order);
    }
  }

  private static long heapAfterGc() {
    // Two collections: the first may only queue objects with finalizers or references.
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String join(List<Integer> ports) {
    return String.join(" ", ports.stream().map(String::valueOf).toList());
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
