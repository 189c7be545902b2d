package org.pyros.cluster.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.LatestMessage;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.system.memory.InMemorySystem;
import org.slf4j.LoggerFactory;

/**
 * The request link on loopback, between a node and clients in the same JVM: what crosses it,
 * in which order, and what happens with timeouts, closed links, broken frames and a client that
 * stops reading. The cluster's multi-JVM tests use it between members.
 */
class RequestLinkTest {
  static final ActorTestKit kit = ActorTestKit.create("link", ConfigFactory.load());
  static final Serializer serializer = RequestLink.serializer(kit.system());
  static final RequestLinkSettings settings = RequestLinkSettings.fromConfig(kit.system().settings().config());
  static final List<AutoCloseable> closing = new ArrayList<>();
  /** The one member the test's servers admit; its tickets are made by {@link #admission}. */
  static final String MEMBER = "pekko://link@127.0.0.1:25999";
  static final LinkAdmission admission = LinkAdmission.withMembers(MEMBER::equals);
  static final LinkHello hello = new LinkHello(MEMBER, admission.ticketFor(MEMBER));
  static InMemorySystem graph;
  static ActorRef<PyrosNode.Command> node;
  static RequestLinkServer server;
  static PyrosClient direct;

  @BeforeAll
  static void start() throws IOException {
    graph = new InMemorySystem();
    Exposure exposure = new Exposure(NameFilter.allowing("/l/**"), NameFilter.allowing("/srv/**"), NameFilter.allowing("/p/**"));
    node = kit.spawn(PyrosNode.create(graph, NodeSettings.fromConfig(kit.system().settings().config()).withExposure(exposure)));
    graph.serve(new ServiceInfo("/srv/echo", StandardTypes.SET_BOOL.name()), req -> CompletableFuture.completedFuture(
        Message.builder(StandardTypes.SET_BOOL.response()).set("success", req.getBool("data")).set("message", "echo").build()));
    server = serve(node, settings);
    direct = ActorPyrosClient.create(kit.system(), node, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    kit.shutdownTestKit();
    graph.close();
  }

  static RequestLinkServer serve(ActorRef<PyrosNode.Command> to, RequestLinkSettings with) throws IOException {
    RequestLinkServer s = RequestLinkServer.start(kit.system(), to, serializer, with, admission, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    closing.add(s);
    return s;
  }

  static RequestLink connect(RequestLinkServer to, CompletableFuture<String> closed) throws IOException {
    RequestLink link = RequestLink.connect(kit.system(), to.address(), settings, hello, (l, why) -> closed.complete(why));
    closing.add(() -> link.close("test over"));
    return link;
  }

  /** A client whose node actor never answers: whatever it gets answered crossed the link. */
  static PyrosClient overLink(RequestLink link) {
    LinkRoute route = new LinkRoute();
    route.use(link);
    TestProbe<PyrosNode.Command> deaf = kit.createTestProbe();
    return ActorPyrosClient.create(kit.system(), deaf.ref(), Duration.ofSeconds(5), route);
  }

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  static PyrosException failure(CompletionStage<?> stage) {
    CompletionException e = assertThrows(CompletionException.class, () -> await(stage));
    return assertInstanceOf(PyrosException.class, e.getCause(), () -> "not a PyrosException: " + e.getCause());
  }

  static Message text(String data) {
    return Message.builder(StandardTypes.STRING).set("data", data).build();
  }

  @Test
  void everyKindOfRequestCrossesTheLinkAndIsAnswered() throws IOException {
    PyrosClient client = overLink(connect(server, new CompletableFuture<>()));
    await(client.publish("/l/chat", text("hello")));
    assertEquals(Optional.of(text("hello")), await(client.latest("/l/chat")));
    assertEquals(StandardTypes.STRING.name(), await(client.topicType("/l/chat")).name());
    Message response = await(client.call("/srv/echo", Message.builder(StandardTypes.SET_BOOL.request()).set("data", true).build()));
    assertTrue(response.getBool("success"));
    assertEquals("echo", response.getString("message"));
    assertEquals(StandardTypes.SET_BOOL.name(), await(client.serviceType("/srv/echo")).name());
    await(client.setParam("/p/speed", 42));
    assertEquals(Optional.of(42), await(client.param("/p/speed")));
    assertTrue(await(client.params()).contains("/p/speed"));
    assertTrue(await(client.topics()).stream().anyMatch(t -> t.name().equals("/l/chat")));
    assertTrue(await(client.services()).stream().anyMatch(s -> s.name().equals("/srv/echo")));
    await(client.deleteParam("/p/speed"));
    assertEquals(Optional.empty(), await(client.param("/p/speed")));
  }

  @Test
  void sentMessagesArriveInTheOrderSent() throws IOException {
    PyrosClient client = overLink(connect(server, new CompletableFuture<>()));
    await(client.publish("/l/seq", text("first")));
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    await(direct.subscribe("/l/seq", m -> received.add(m.getString("data"))));
    int count = 50; // below the subscription's queue size: none may be dropped
    for (int i = 0; i < count; i++) {
      client.send("/l/seq", text("m" + i));
    }
    for (int i = 0; i < count; i++) {
      assertEquals("m" + i, poll(received));
    }
  }

  @Test
  void aMessageLargerThanTheReadBufferCrossesWhole() throws IOException {
    PyrosClient client = overLink(connect(server, new CompletableFuture<>()));
    Message big = text("x".repeat(700_000) + "end");
    await(client.publish("/l/big", big));
    assertEquals(Optional.of(big), await(client.latest("/l/big")));
  }

  @Test
  void theRouteCountsLinksOpenedAndMessagesThatFallBackToActorMessaging() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LinkRoute route = new LinkRoute();
    route.registerMeters(registry);
    TestProbe<PyrosNode.Command> node = kit.createTestProbe();
    PyrosClient client = ActorPyrosClient.create(kit.system(), node.ref(), Duration.ofSeconds(5), route);
    CompletableFuture<String> closed = new CompletableFuture<>();
    RequestLink link = connect(server, closed);
    route.use(link);
    assertEquals(1, registry.get("pyros.cluster.link.connections.opened").functionCounter().count());
    assertEquals(1, registry.get("pyros.cluster.link.connections").gauge().value());
    client.send("/l/metered", text("over the link"));
    // Requests on one link reach the node in order: the latest is the message sent.
    assertEquals(Optional.of(text("over the link")), await(client.latest("/l/metered")));
    assertEquals(0, registry.get("pyros.cluster.link.fallbacks").functionCounter().count());

    link.close("the test closes it");
    await(closed);
    assertEquals(0, registry.get("pyros.cluster.link.connections").gauge().value());
    // The route still holds the closed link (a gateway would drop it): the message goes as an actor message.
    client.send("/l/metered", text("as an actor message"));
    assertInstanceOf(PyrosNode.Publish.class, node.receiveMessage());
    assertEquals(1, registry.get("pyros.cluster.link.fallbacks").functionCounter().count());
  }

  @Test
  void refusedAndUnsendableRequestsFailClearlyAndTheLinkStays() throws IOException {
    RequestLink link = connect(server, new CompletableFuture<>());
    PyrosClient client = overLink(link);
    assertEquals(ErrorCode.NOT_EXPOSED, failure(client.latest("/hidden/topic")).code());
    PyrosException unsendable = failure(client.setParam("/p/bad", new Object()));
    assertEquals(ErrorCode.BAD_MESSAGE, unsendable.code());
    assertTrue(unsendable.getMessage().contains("not registered: Object"), unsendable.getMessage());
    assertTrue(link.isOpen());
    await(client.publish("/l/after", text("still here")));
    assertEquals(Optional.of(text("still here")), await(client.latest("/l/after")));
  }

  @Test
  void aRequestTheNodeDoesNotAnswerTimesOutAndALateAnswerIsIgnored() throws IOException {
    TestProbe<PyrosNode.Command> slowNode = kit.createTestProbe();
    RequestLink link = connect(serve(slowNode.ref(), settings), new CompletableFuture<>());
    CompletableFuture<Reply<LatestMessage>> first = link.ask(new PyrosNode.Latest("/l/slow", null), Duration.ofMillis(300));
    PyrosNode.Latest asked = slowNode.expectMessageClass(PyrosNode.Latest.class);
    assertNotNull(asked.replyTo(), "the server gives the request a reply-to of its own");
    assertEquals(ErrorCode.TIMEOUT, failure(first).code());

    asked.replyTo().tell(Reply.ok(new LatestMessage("/l/slow", text("too late"))));
    CompletableFuture<Reply<LatestMessage>> second = link.ask(new PyrosNode.Latest("/l/slow", null), Duration.ofSeconds(5));
    slowNode.expectMessageClass(PyrosNode.Latest.class).replyTo().tell(Reply.ok(new LatestMessage("/l/slow", text("in time"))));
    assertEquals(Optional.of(text("in time")), await(second).getOrThrow().asOptional());
  }

  @Test
  void closingTheServerFailsWaitingRequestsAtOnce() throws IOException {
    TestProbe<PyrosNode.Command> slowNode = kit.createTestProbe();
    RequestLinkServer closingServer = serve(slowNode.ref(), settings);
    CompletableFuture<String> closed = new CompletableFuture<>();
    RequestLink link = connect(closingServer, closed);
    // Far longer than await's 10 s: only the closed link can end it in time.
    CompletableFuture<Reply<LatestMessage>> waiting = link.ask(new PyrosNode.Latest("/l/x", null), Duration.ofMinutes(5));
    slowNode.expectMessageClass(PyrosNode.Latest.class);
    closingServer.close();
    PyrosException e = failure(waiting);
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertNotNull(await(closed));
    assertFalse(link.isOpen());
    assertFalse(link.tell(new PyrosNode.Publish("/l/x", text("lost"), null)));
    assertEquals(ErrorCode.UNAVAILABLE, failure(link.ask(new PyrosNode.Latest("/l/x", null), Duration.ofSeconds(5))).code());
  }

  @Test
  void unreadableFramesAreAnsweredAndABrokenLengthClosesThatConnectionOnly() throws Exception {
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      raw.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(raw.getOutputStream());
      DataInputStream in = new DataInputStream(raw.getInputStream());
      writeFrame(out, LinkHello.FRAME_ID, hello.toBytes());
      assertEquals("", readHelloAnswer(in), "admitted");

      writeFrame(out, 7, new byte[] {1, 2, 3, 4, 5});
      assertRefused(in, 7, "could not read");

      writeFrame(out, 8, serializer.toBinary(Reply.ok(text("not a request"))));
      assertRefused(in, 8, "is not a request");

      out.writeInt(Integer.MAX_VALUE);
      out.flush();
      assertEquals(-1, in.read(), "the server closes a connection whose frame length is absurd");
    }
    PyrosClient client = overLink(connect(server, new CompletableFuture<>()));
    await(client.publish("/l/survivor", text("ok")));
    assertEquals(Optional.of(text("ok")), await(client.latest("/l/survivor")));
  }

  @Test
  void aClientThatStopsReadingLosesItsLinkNotTheHeap() throws Exception {
    Message big = text("y".repeat(64 * 1024));
    await(direct.publish("/l/huge", big));
    RequestLinkSettings small = new RequestLinkSettings(true, 0, 8, settings.maxMessageBytes(), 256 * 1024,
        settings.connectTimeout(), settings.admissionTimeout(), settings.reconnectInterval(), Optional.empty());
    RequestLinkServer bounded = serve(node, small);
    byte[] latest = serializer.toBinary(new PyrosNode.Latest("/l/huge", null));
    try (Socket raw = new Socket()) {
      raw.setReceiveBufferSize(4096);
      raw.connect(bounded.address());
      DataOutputStream out = new DataOutputStream(raw.getOutputStream());
      writeFrame(out, LinkHello.FRAME_ID, hello.toBytes());
      // 200 answers of 64 KiB (12.5 MiB), never read: kernel buffers fill, then 256 KiB wait
      // unsent, then the server must close the connection.
      for (int i = 1; i <= 200; i++) {
        writeFrame(out, i, latest);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (bounded.openLinks() > 0) {
        assertTrue(System.nanoTime() < deadline, "the server kept a connection whose answers pile up");
        Thread.sleep(5); // poll interval of a condition the server changes
      }
    }
    PyrosClient client = overLink(connect(bounded, new CompletableFuture<>()));
    assertEquals(Optional.of(big), await(client.latest("/l/huge")));
  }

  @Test
  void aProcessThatIsNotAnAdmittedMemberCannotSendARequest() throws Exception {
    TestProbe<PyrosNode.Command> guarded = kit.createTestProbe();
    RequestLinkServer s = serve(guarded.ref(), settings);
    byte[] publish = serializer.toBinary(new PyrosNode.Publish("/l/intruder", text("intruder"), null));
    String stranger = "pekko://link@127.0.0.1:26000";
    List<LinkHello> refused = List.of(
        new LinkHello(MEMBER, "bm90IGEgdGlja2V0"), // a member's address, a forged ticket
        new LinkHello(MEMBER, LinkAdmission.withMembers(MEMBER::equals).ticketFor(MEMBER)), // another host's ticket
        new LinkHello(stranger, admission.ticketFor(stranger))); // a valid ticket of a process no longer a member
    try (RefusalLog log = RefusalLog.attach()) {
      // No hello at all: a well-formed request frame first.
      assertClosedWithoutAnswer(s, null, publish);
      for (LinkHello h : refused) {
        assertClosedWithoutAnswer(s, h, publish);
      }
      assertEquals(1 + refused.size(), log.lines().size(), () -> "one log line per refused link: " + log.lines());
      assertTrue(log.lines().get(0).contains("first frame is not a hello"), log.lines().get(0));
      assertTrue(log.lines().get(1).contains("no valid ticket"), log.lines().get(1));
      assertTrue(log.lines().get(3).contains("not an Up member"), log.lines().get(3));
    }
    // Had a refused frame reached the node, it would have come before this request (each was
    // sent before its connection closed): the node's first message is the member's.
    RequestLink member = connect(s, new CompletableFuture<>());
    member.tell(new PyrosNode.Publish("/l/member", text("member"), null));
    assertEquals("/l/member", guarded.expectMessageClass(PyrosNode.Publish.class).topic());
  }

  /**
   * Connects a raw socket, says {@code hello} (none if null), sends a request: the connection
   * closes, answered with a refusal of its first frame (or reset), never with a reply to the request.
   */
  static void assertClosedWithoutAnswer(RequestLinkServer to, LinkHello hello, byte[] request) throws IOException {
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), to.address().getPort())) {
      raw.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(raw.getOutputStream());
      DataInputStream in = new DataInputStream(raw.getInputStream());
      if (hello != null) {
        writeFrame(out, LinkHello.FRAME_ID, hello.toBytes());
      }
      try {
        writeFrame(out, 1, request);
      } catch (IOException closedAlready) {
        // the server may close before the request is written: refused just the same
      }
      try {
        String refusal = readHelloAnswer(in);
        assertTrue(refusal.startsWith("refused by the node's host"), refusal);
        assertEquals(-1, in.read(), "the server closes the connection, and answers no request");
      } catch (SocketException reset) {
        // closed with the request unread in its buffer: a reset instead of an end
      }
    }
  }

  /** Reads the host's answer to a hello: empty when admitted, else why not. */
  static String readHelloAnswer(DataInputStream in) throws IOException {
    int length = in.readInt();
    assertEquals(LinkHello.FRAME_ID, in.readLong(), "the host answers the hello first");
    in.readInt();
    byte[] payload = new byte[length - (LinkConnection.HEADER_BYTES - 4)];
    in.readFully(payload);
    return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aClientTheHostDoesNotAdmitIsToldWhyAtConnect() {
    LinkHello forged = new LinkHello(MEMBER, LinkAdmission.withMembers(MEMBER::equals).ticketFor(MEMBER));
    LinkRefusedException e = assertThrows(LinkRefusedException.class,
        () -> RequestLink.connect(kit.system(), server.address(), settings, forged, (l, why) -> { }));
    assertTrue(e.getMessage().contains("no valid ticket"), e.getMessage());
  }

  @Test
  void aConnectionThatSaysNoHelloIsClosedAfterTheAdmissionTimeout() throws Exception {
    RequestLinkSettings quick = new RequestLinkSettings(true, 0, 8, settings.maxMessageBytes(), settings.maxUnsentBytes(),
        settings.connectTimeout(), Duration.ofMillis(300), settings.reconnectInterval(), Optional.empty());
    RequestLinkServer s = serve(node, quick);
    try (RefusalLog log = RefusalLog.attach(); Socket raw = new Socket(InetAddress.getLoopbackAddress(), s.address().getPort())) {
      raw.setSoTimeout(10_000);
      assertEquals(-1, raw.getInputStream().read(), "closed without a hello");
      assertTrue(log.lines().stream().anyMatch(l -> l.contains("no hello within 300 ms")), () -> log.lines().toString());
    }
  }

  /** The warnings the link server logs while attached. */
  static final class RefusalLog implements AutoCloseable {
    private final ch.qos.logback.classic.Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private RefusalLog(Class<?> of) {
      logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(of);
    }

    static RefusalLog attach() {
      return attach(RequestLinkServer.class);
    }

    /** Collects the warnings of {@code of}'s logger, each as "thread name: message". */
    static RefusalLog attach(Class<?> of) {
      RefusalLog log = new RefusalLog(of);
      log.appender.start();
      log.logger.addAppender(log.appender);
      return log;
    }

    List<String> lines() {
      synchronized (appender) { // appends hold the appender's lock
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
            .map(e -> e.getThreadName() + ": " + e.getFormattedMessage()).toList();
      }
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
      appender.stop();
    }
  }

  static void writeFrame(DataOutputStream out, long id, byte[] payload) throws IOException {
    out.writeInt(LinkConnection.HEADER_BYTES - 4 + payload.length);
    out.writeLong(id);
    out.writeInt(5_000);
    out.write(payload);
    out.flush();
  }

  static void assertRefused(DataInputStream in, long id, String why) throws IOException {
    int length = in.readInt();
    assertEquals(id, in.readLong());
    in.readInt();
    byte[] payload = new byte[length - (LinkConnection.HEADER_BYTES - 4)];
    in.readFully(payload);
    Reply.Failed<?> failed = assertInstanceOf(Reply.Failed.class, serializer.fromBinary(payload));
    assertEquals(ErrorCode.BAD_MESSAGE, failed.code());
    assertTrue(failed.message().contains(why), failed.message());
  }

  static String poll(LinkedBlockingQueue<String> q) {
    try {
      String s = q.poll(10, TimeUnit.SECONDS);
      assertNotNull(s, "no message within 10 s");
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
