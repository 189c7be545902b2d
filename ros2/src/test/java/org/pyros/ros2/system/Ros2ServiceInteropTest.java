package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;
import org.pyros.core.system.Registration;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.rtps.discovery.EndpointData;

/**
 * ROS 2 services between Pyros ({@link Ros2System}, and a {@link PyrosNode} on it) and real
 * Cyclone DDS 0.10 and Fast DDS 2.9 peers that serve and call {@code
 * example_interfaces/srv/AddTwoInts} with the request identity of rmw_cyclonedds_cpp (a header in
 * the payload) and rmw_fastrtps_cpp (the RTPS sample identities), on loopback. A request i is
 * {@code a=i, b=1000000+3i}; the peers check the sums they get themselves.
 */
class Ros2ServiceInteropTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
  static final Duration DISCOVERY = Duration.ofSeconds(20);
  static final Duration CALL = Duration.ofSeconds(20);
  static final String ADD = "example_interfaces/srv/AddTwoInts";

  private final List<AutoCloseable> resources = new ArrayList<>();
  private int domain;
  private Ros2System system;
  private MatchWatch matches;
  private ServiceType add;

  @BeforeEach
  void start() {
    DdsPeers.buildRos2Peers();
    domain = FreeDomain.pick();
    system = keep(Ros2System.start(Ros2Settings.loopback(domain, "pyros_services")));
    matches = new MatchWatch();
    Registration r = system.participant().watch(matches);
    resources.add(r::cancel);
    add = system.types().serviceType(ADD);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private Peer peer(Kind kind, String... args) {
    return keep(DdsPeers.ros2Peer(kind, Options.domain(domain), args));
  }

  private Message request(long i) {
    return Message.builder(add.request()).set("a", i).set("b", 1_000_000 + 3 * i).build();
  }

  private static long sumOf(long i) {
    return i + 1_000_000 + 3 * i;
  }

  // ---------------------------------------------------------------- Pyros calls a peer's server

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aPyrosClientCallsThePeersServerThroughTheNode(Kind kind) {
    Peer server = peer(kind, "serve", "addtwoints", "/add_two_ints", "0", "300");
    awaitServiceInGraph(system, "/add_two_ints");
    PyrosClient client = ActorPyrosClient.create(testKit.system(), node(system));
    awaitNodeKnows(client, "/add_two_ints");
    Message sum = await(client.call("/add_two_ints", request(40), CALL));
    assertEquals("example_interfaces/srv/AddTwoInts_Response", sum.type().name());
    assertEquals(sumOf(40), sum.getLong("sum"));
    assertEquals(ADD, await(client.serviceType("/add_two_ints")).name());
    // The identity as the peer's RMW takes it: Cyclone's header, Fast DDS's sample identity
    // naming our reply reader.
    String line = server.awaitLineStarting("request a=40 ", DISCOVERY);
    if (kind == Kind.FASTDDS) {
      assertTrue(line.matches("request a=40 b=1000120 writer=\\S+ reader=\\S+\\.\\S+04 seq=1"), line);
    } else {
      assertTrue(line.matches("request a=40 b=1000120 client=[0-9a-f]{16} seq=1"), line);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twentyConcurrentCallsOfTwoCallersEachGetTheirOwnSum(Kind kind) {
    Peer server = peer(kind, "serve", "addtwoints", "/add_two_ints", "0", "300");
    awaitServiceInGraph(system, "/add_two_ints");
    PyrosClient client = ActorPyrosClient.create(testKit.system(), node(system));
    awaitNodeKnows(client, "/add_two_ints");
    ServiceInfo service = new ServiceInfo("/add_two_ints", ADD);
    // A PyrosClient user and a direct user of the system at once, more calls than the server's
    // request history holds (ROS 2's services profile: 10).
    List<CompletableFuture<Message>> calls = IntStream.range(0, 20)
        .mapToObj(i -> (i % 2 == 0 ? client.call("/add_two_ints", request(i), CALL) : system.call(service, request(i), CALL))
            .toCompletableFuture())
        .toList();
    for (int i = 0; i < calls.size(); i++) {
      assertEquals(sumOf(i), await(calls.get(i), server).getLong("sum"), "call " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void callsOfTwoSystemsToOneServerEachGetTheirOwnSum(Kind kind) {
    // Each system's reply reader gets every reply of the server: each must keep its own.
    Peer server = peer(kind, "serve", "addtwoints", "/add_two_ints", "0", "300");
    Ros2System other = keep(Ros2System.start(Ros2Settings.loopback(domain, "other_caller")));
    awaitServiceInGraph(system, "/add_two_ints");
    awaitServiceInGraph(other, "/add_two_ints");
    ServiceInfo service = new ServiceInfo("/add_two_ints", ADD);
    // Five from each at once: ten requests, as many as the server's request history holds.
    List<CompletableFuture<Message>> calls = IntStream.range(0, 10)
        .mapToObj(i -> (i % 2 == 0 ? system : other).call(service, request(i), CALL).toCompletableFuture())
        .toList();
    for (int i = 0; i < calls.size(); i++) {
      assertEquals(sumOf(i), await(calls.get(i), server).getLong("sum"), "call " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aServerKilledDuringTheCallEndsItWithTimeoutAtTheCallersTimeout(Kind kind) {
    Peer server = peer(kind, "serve", "addtwoints", "/slow", "0", "300", "--delay-ms", "600000");
    awaitServiceInGraph(system, "/slow");
    Duration timeout = Duration.ofSeconds(4);
    long start = System.nanoTime();
    CompletableFuture<Message> call = system.call(new ServiceInfo("/slow", ADD), request(1), timeout).toCompletableFuture();
    server.awaitLineStarting("request a=1 ", DISCOVERY);
    server.kill();
    PyrosException e = failure(call);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
    assertTrue(tookMillis >= timeout.toMillis() - 50, "ended after " + tookMillis + " ms");
  }

  // ---------------------------------------------------------------- a peer calls Pyros's server

  @ParameterizedTest
  @EnumSource(Kind.class)
  void thePeersClientCallsAServiceProvidedThroughTheNode(Kind kind) {
    provideAdd(node(system), "/pyros_add");
    Peer client = peer(kind, "call", "addtwoints", "/pyros_add", "10", "20", "--wait-stdin");
    client.awaitLine("matched 1", DISCOVERY);
    awaitCallersMatched(1);
    client.send("go");
    assertEquals(0, client.awaitExit(CALL.multipliedBy(2)), client.toString());
    assertEquals(IntStream.range(0, 10).mapToObj(i -> "reply " + i + " sum=" + sumOf(i)).toList(),
        client.lines().stream().filter(l -> l.startsWith("reply ")).toList());
  }

  @Test
  void cycloneFastDdsAndPyrosCallersOfOneServerAtOnceEachGetTheirOwnReplies() {
    provideAdd(node(system), "/pyros_add");
    // Every client gets every reply: the peers' reply readers keep more than ROS 2's 10, or a
    // burst of replies to the others would push out their own before they take it.
    Peer cyclone = peer(Kind.CYCLONE, "call", "addtwoints", "/pyros_add", "20", "20", "--wait-stdin", "--depth", "64");
    Peer fastdds = peer(Kind.FASTDDS, "call", "addtwoints", "/pyros_add", "20", "20", "--wait-stdin", "--depth", "64");
    Ros2System other = keep(Ros2System.start(Ros2Settings.loopback(domain, "other_caller")));
    cyclone.awaitLine("matched 1", DISCOVERY);
    fastdds.awaitLine("matched 1", DISCOVERY);
    awaitServiceInGraph(other, "/pyros_add");
    awaitCallersMatched(2);
    cyclone.send("go");
    fastdds.send("go");
    ServiceInfo service = new ServiceInfo("/pyros_add", ADD);
    List<CompletableFuture<Message>> calls = IntStream.range(0, 20)
        .mapToObj(i -> other.call(service, request(100 + i), CALL).toCompletableFuture()).toList();
    for (int i = 0; i < calls.size(); i++) {
      assertEquals(sumOf(100 + i), await(calls.get(i)).getLong("sum"), "call " + i);
    }
    // Each peer checks every sum (exit 3 on a wrong one) and waits for the reply of its own
    // identity (exit 1 when it never comes: a reply in the other RMW's form).
    for (Peer p : List.of(cyclone, fastdds)) {
      assertEquals(0, p.awaitExit(CALL.multipliedBy(2)), p + ": " + p.lines());
      // Fast DDS logs to stdout too (replies meant for others that its reply history cannot hold),
      // sometimes on the same line as a reply: count the replies wherever they are.
      assertEquals(20, java.util.regex.Pattern.compile("reply \\d+ sum=").matcher(String.join("\n", p.lines())).results()
          .count(), p + ": " + p.lines());
    }
  }

  // ---------------------------------------------------------------- no server, full table

  @Test
  void aCallWithNoServerIsUnavailableAtOnce() {
    long start = System.nanoTime();
    PyrosException e = failure(system.call(new ServiceInfo("/nobody", ADD), request(1), Duration.ofSeconds(30)));
    assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("no server of /nobody"), e.getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "not at once");
  }

  @Test
  void aRequestOfAnotherTypeIsABadMessageAndTheServiceStillAnswers() {
    Registration served = await(system.serve(new ServiceInfo("/local_add", ADD),
        req -> CompletableFuture.completedFuture(Message.builder(add.response())
            .set("sum", req.getLong("a") + req.getLong("b")).build())));
    resources.add(served::cancel);
    ServiceInfo service = new ServiceInfo("/local_add", ADD);
    Message text = Message.builder(system.types().messageType("std_msgs/msg/String")).set("data", "one").build();
    PyrosException e = failure(system.call(service, text, CALL));
    assertEquals(ErrorCode.BAD_MESSAGE, e.code(), e.getMessage());
    // Pyros calling a service it serves itself: the sample-identity form, on one participant
    assertEquals(sumOf(5), await(system.call(service, request(5), CALL)).getLong("sum"));
  }

  @Test
  void callsBeyondTheTableAreRefusedUntilOneIsAnswered() {
    Ros2System small = keep(Ros2System.start(Ros2Settings.loopback(domain, "small_table"), system.types(), 3));
    List<CompletableFuture<Message>> held = new ArrayList<>();
    Registration served = await(system.serve(new ServiceInfo("/held", ADD), req -> {
      CompletableFuture<Message> answer = new CompletableFuture<>();
      synchronized (held) {
        held.add(answer);
      }
      return answer;
    }));
    resources.add(served::cancel);
    awaitServiceInGraph(small, "/held");
    ServiceInfo service = new ServiceInfo("/held", ADD);
    List<CompletableFuture<Message>> calls = IntStream.range(0, 3)
        .mapToObj(i -> small.call(service, request(i), CALL).toCompletableFuture()).toList();
    PyrosException refused = failure(small.call(service, request(3), CALL));
    assertEquals(ErrorCode.UNAVAILABLE, refused.code(), refused.getMessage());
    assertTrue(refused.getMessage().contains("3 calls already wait"), refused.getMessage());
    Eventually.await(DISCOVERY, "the server holding three requests", () -> {
      synchronized (held) {
        return held.size() == 3;
      }
    });
    Message response = Message.builder(add.response()).set("sum", 7L).build();
    synchronized (held) {
      held.get(0).complete(response);
    }
    Object first = await(CompletableFuture.anyOf(calls.toArray(CompletableFuture[]::new)));
    assertEquals(7L, ((Message) first).getLong("sum"));
    // One answered: there is room for one more call again.
    CompletableFuture<Message> again = small.call(service, request(4), CALL).toCompletableFuture();
    Eventually.await(DISCOVERY, "the call after the refusal reaching the server", () -> {
      synchronized (held) {
        return held.size() == 4;
      }
    }, () -> again.toString());
    synchronized (held) {
      held.forEach(f -> f.complete(response));
    }
    assertEquals(7L, await(again).getLong("sum"));
    for (CompletableFuture<Message> c : calls) {
      assertEquals(7L, await(c).getLong("sum"));
    }
  }

  // ---------------------------------------------------------------- helpers

  private ActorRef<PyrosNode.Command> node(Ros2System on) {
    NodeSettings settings = NodeSettings.fromConfig(testKit.system().settings().config())
        .withExposure(new Exposure(NameFilter.allowing("/**"), NameFilter.allowing("/**"), NameFilter.allowing("/**")));
    ActorRef<PyrosNode.Command> node = testKit.spawn(PyrosNode.create(on, settings));
    resources.add(() -> testKit.stop(node));
    return node;
  }

  /** Serves AddTwoInts through the node: a handler actor answering a + b. */
  private void provideAdd(ActorRef<PyrosNode.Command> node, String name) {
    ActorRef<ServiceRequest> handler = testKit.spawn(Behaviors.receiveMessage(req -> {
      long sum = req.request().getLong("a") + req.request().getLong("b");
      req.replyTo().tell(Reply.ok(Message.builder(add.response()).set("sum", sum).build()));
      return Behaviors.same();
    }));
    TestProbe<Reply<Done>> provided = testKit.createTestProbe();
    node.tell(new PyrosNode.ProvideService(name, ADD, handler, provided.ref()));
    Reply<Done> reply = provided.receiveMessage(Duration.ofSeconds(10));
    assertInstanceOf(Reply.Ok.class, reply, reply.toString());
  }

  /** Until the graph lists the service with its type and a server of it. */
  private static void awaitServiceInGraph(Ros2System on, String name) {
    Eventually.await(DISCOVERY, name + " in the graph of " + on.description(), () -> {
      ServiceInfo s = await(on.snapshot()).services().get(name);
      return s != null && s.type().equals(ADD) && !on.participant().graph().readersOn("rq" + name + "Request").isEmpty();
    }, () -> await(on.snapshot()).services().toString());
  }

  /** Until the node's graph (it follows the system's) lists the service. */
  private static void awaitNodeKnows(PyrosClient client, String name) {
    Eventually.await(DISCOVERY, "the node knowing " + name,
        () -> await(client.services()).stream().anyMatch(s -> s.name().equals(name)));
  }

  /** Until our server's endpoints are matched with the request writer and reply reader of {@code n} remote callers. */
  private void awaitCallersMatched(int n) {
    Eventually.await(DISCOVERY, n + " callers matched with our server", () -> {
      List<EndpointData> writers = system.participant().graph().writersOn("rq/pyros_addRequest");
      List<EndpointData> readers = system.participant().graph().readersOn("rr/pyros_addReply");
      return writers.size() >= n && readers.size() >= n
          && writers.stream().allMatch(w -> !matches.localsMatchedWith(w.guid()).isEmpty())
          && readers.stream().allMatch(r -> !matches.localsMatchedWith(r.guid()).isEmpty());
    }, matches::toString);
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("stage failed: " + e, e);
    }
  }

  private static <T> T await(CompletionStage<T> stage, Peer peer) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("stage failed: " + e + "; " + peer + ": " + peer.lines(), e);
    }
  }

  private static PyrosException failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      return assertInstanceOf(PyrosException.class, e.getCause(), e.toString());
    }
    return fail("the call succeeded");
  }
}
