package org.pyros.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;
import org.pyros.cluster.ClusterConfig;
import org.pyros.cluster.PyrosCluster;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * The cluster-hop benchmark peer: a Pekko cluster member that either hosts the Pyros node (on an
 * {@link InMemorySystem} with a latched topic and a service answering at once) or only reaches
 * it (client role). Both measure the same operations through {@link PyrosCluster#client()}, so
 * the host's numbers are the in-process baseline and the client's differ by the hop between
 * JVMs. A plain Pekko ask to an echo actor on the host (no Pyros) shows what the transport
 * alone costs.
 *
 * <pre>
 *   ClusterPeer host|client WARMUP COUNT
 * </pre>
 *
 * Port and seeds come from {@code PYROS_CLUSTER_PORT} and {@code PYROS_CLUSTER_SEEDS} (see
 * {@link ClusterConfig}). Prints {@code READY} once every operation has succeeded once, then
 * measures when it reads {@code GO} on stdin (rounds of one operation of each kind, warm-up
 * rounds first): one {@code RESULT op=... p50=... p99=...} line per operation, then {@code DONE}. Stays up until stopped, so the other member's measurement runs
 * against the same two-member cluster.
 */
public final class ClusterPeer {
  static final String TOPIC = "/bench/hop/latest";
  static final String OUT = "/bench/hop/out";
  static final String SERVICE = "/bench/hop/set_bool";
  private static final String ECHO = "bench-echo";

  private final ActorSystem<Void> system;
  private final PyrosCluster cluster;
  private final PyrosClient client;
  private final ActorSelection echo;

  private ClusterPeer(boolean host) {
    Config config = ClusterConfig.load(System.getenv(), ConfigFactory.load(),
        List.of(host ? "pyros-node" : "pyros-client"));
    system = ActorSystem.create(Behaviors.empty(), config.getString("pyros.cluster.system-name"), config);
    if (host) {
      cluster = PyrosCluster.host(system, ClusterPeer::graph);
      // A system actor: a typed system's user guardian takes no classic children from outside.
      ((ExtendedActorSystem) Adapter.toClassic(system)).systemActorOf(Props.create(Echo.class), ECHO);
    } else {
      cluster = PyrosCluster.client(system);
    }
    client = cluster.client();
    // The echo actor lives on the first seed (the host), or here when this member is the host.
    Address seed = host
        ? Cluster.get(system).selfMember().address()
        : org.apache.pekko.actor.AddressFromURIString.parse(config.getStringList("pekko.cluster.seed-nodes").get(0));
    echo = Adapter.toClassic(system).actorSelection(seed + "/system/" + ECHO);
  }

  /** The node's graph: a latched std_msgs/String topic with one message, a SetBool service. */
  private static InMemorySystem graph() {
    InMemorySystem graph = new InMemorySystem();
    Message ok = Message.builder(StandardTypes.SET_BOOL.response()).set("success", true).set("message", "ok").build();
    graph.serve(new ServiceInfo(SERVICE, StandardTypes.SET_BOOL.name()), request -> CompletableFuture.completedFuture(ok));
    TopicPublisher p = graph.advertise(new TopicInfo(TOPIC, StandardTypes.STRING.name()), new PublishOptions(true, 10))
        .toCompletableFuture().join(); // the in-memory system answers at once
    p.publish(Message.builder(StandardTypes.STRING).set("data", "latest").build());
    return graph;
  }

  /** Answers every String with itself. */
  public static final class Echo extends AbstractActor {
    @Override
    public Receive createReceive() {
      return receiveBuilder().match(String.class, s -> getSender().tell(s, getSelf())).build();
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || !(args[0].equals("host") || args[0].equals("client"))) {
      System.err.println("usage: ClusterPeer host|client WARMUP COUNT");
      System.exit(2);
    }
    ClusterPeer peer;
    try {
      peer = new ClusterPeer(args[0].equals("host"));
    } catch (RuntimeException e) {
      say("ERROR " + e);
      e.printStackTrace();
      System.exit(1);
      return;
    }
    int code = 0;
    try {
      peer.run(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    } catch (Exception e) {
      say("ERROR " + e);
      e.printStackTrace();
      code = 1;
    } finally {
      peer.system.terminate();
      try {
        peer.system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // exiting anyway
      }
    }
    System.exit(code);
  }

  private record Op(String name, Supplier<CompletionStage<?>> once) {}

  private void run(int warmup, int count) throws Exception {
    awaitUp();
    Message request = Message.builder(StandardTypes.SET_BOOL.request()).set("data", true).build();
    Message out = Message.builder(StandardTypes.STRING).set("data", "hop").build();
    ActorRef echoRef = echo.resolveOne(Duration.ofSeconds(10)).toCompletableFuture().get(15, TimeUnit.SECONDS);
    List<Op> ops = List.of(
        new Op("latest", () -> client.latest(TOPIC).thenApply(ClusterPeer::present)),
        new Op("call", () -> client.call(SERVICE, request).thenApply(ClusterPeer::succeeded)),
        new Op("publish", () -> client.publish(OUT, out)),
        new Op("pekko_ask", () -> Patterns.ask(echoRef, "ping", Duration.ofSeconds(10))));
    for (Op op : ops) {
      retry(op.once(), 60);
    }
    say("READY hosting=" + cluster.hostsNode());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.trim().equals("GO")) {
      // wait for the runner
    }
    if (line == null) {
      return;
    }
    // Rounds of one operation of each kind, so every kind sees the same warm-up and the same
    // machine (measured one kind after the other, the first kind measured came out slower).
    for (int i = 0; i < warmup; i++) {
      for (Op op : ops) {
        op.once().get().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
    Samples[] micros = new Samples[ops.size()];
    for (int k = 0; k < ops.size(); k++) {
      micros[k] = new Samples(count);
    }
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < ops.size(); k++) {
        long s = System.nanoTime();
        ops.get(k).once().get().toCompletableFuture().get(10, TimeUnit.SECONDS);
        micros[k].add((System.nanoTime() - s) / 1000);
      }
    }
    for (int k = 0; k < ops.size(); k++) {
      say(String.format(Locale.ROOT, "RESULT op=%s p50=%d p99=%d count=%d", ops.get(k).name(),
          micros[k].percentile(50), micros[k].percentile(99), micros[k].count()));
    }
    say("RESULT op=route link=" + cluster.requestLink().map(a -> a.getHostString() + ":" + a.getPort()).orElse("none"));
    say("DONE");
    Thread.sleep(Long.MAX_VALUE); // until the runner stops us
  }

  /** Waits until this member is Up (and, on the host, until the node runs here). */
  private void awaitUp() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not Up in the cluster after 60 s");
      }
      Thread.sleep(20);
    }
  }

  private static Message present(Optional<Message> m) {
    return m.orElseThrow(() -> new IllegalStateException("no latest message on " + TOPIC + " yet"));
  }

  private static Message succeeded(Message response) {
    if (!response.getBool("success")) {
      throw new IllegalStateException("service answered success=false");
    }
    return response;
  }

  /** Retries a step (the node is not up yet, the topic not in its graph yet) until it succeeds. */
  private static void retry(Supplier<CompletionStage<?>> step, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      try {
        step.get().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
