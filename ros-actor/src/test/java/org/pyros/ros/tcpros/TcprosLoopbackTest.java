package org.pyros.ros.tcpros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/** Our publisher and service server against our subscriber and service client (and raw sockets). */
class TcprosLoopbackTest {
  private static final TopicSpec CHATTER = new TopicSpec("/chatter", "std_msgs/String",
      "992ce8a1687cec8c8bd883ec73ca41d1", "string data\n");
  private static final ServiceSpec ECHO = ServiceSpec.of("/echo", "test/Echo", "0123456789abcdef0123456789abcdef");
  private TcprosServer server;

  @BeforeEach
  void startServer() {
    server = TcprosServer.start("/pyros").toCompletableFuture().join();
  }

  @AfterEach
  void stopServer() {
    server.unbind().toCompletableFuture().join();
  }

  /** Collects what a subscription receives. */
  static final class Collector implements SubscriptionListener {
    final List<ByteString> messages = new CopyOnWriteArrayList<>();
    final CompletableFuture<Map<String, String>> header = new CompletableFuture<>();
    final AtomicReference<Throwable> lastError = new AtomicReference<>();
    volatile boolean gaveUp;

    @Override
    public void onConnected(Map<String, String> publisherHeader) {
      header.complete(publisherHeader);
    }

    @Override
    public void onMessage(ByteString message) {
      messages.add(message.compact());
    }

    @Override
    public void onDisconnected(Throwable cause, boolean willRetry) {
      lastError.set(cause);
      gaveUp |= !willRetry;
    }
  }

  static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  static ByteString msg(String s) {
    return ByteString.fromString(s, StandardCharsets.UTF_8);
  }

  @Test
  void subscriberReceivesEveryMessageInOrderAndThePublisherHeader() throws Exception {
    Publication pub = server.advertise(CHATTER, false, 1000);
    Collector c = new Collector();
    try (Subscription sub = Subscription.connect("/listener", CHATTER, server.address(), c)) {
      Map<String, String> h = c.header.get(10, TimeUnit.SECONDS);
      assertEquals("/pyros", h.get("callerid"));
      assertEquals("std_msgs/String", h.get("type"));
      assertEquals(CHATTER.md5sum(), h.get("md5sum"));
      assertEquals("string data\n", h.get("message_definition"));
      assertEquals("0", h.get("latching"));
      assertEquals("/chatter", h.get("topic"));
      await("subscriber registered", () -> pub.subscriberCount() == 1);
      for (int i = 0; i < 500; i++) {
        pub.publish(msg("m" + i));
      }
      await("500 messages", () -> c.messages.size() == 500);
      for (int i = 0; i < 500; i++) {
        assertEquals("m" + i, c.messages.get(i).utf8String());
      }
      assertEquals(h, sub.publisherHeader().orElseThrow());
    }
    await("subscriber gone", () -> pub.subscriberCount() == 0);
  }

  @Test
  void lateSubscriberOfLatchedTopicGetsTheLastMessage() throws Exception {
    Publication pub = server.advertise(CHATTER, true, 10);
    pub.publish(msg("first"));
    pub.publish(msg("last"));
    Collector c = new Collector();
    try (Subscription sub = Subscription.connect("/late", CHATTER, server.address(), c)) {
      assertEquals("1", c.header.get(10, TimeUnit.SECONDS).get("latching"));
      await("latched message", () -> c.messages.size() == 1);
      assertEquals("last", c.messages.get(0).utf8String());
      pub.publish(msg("after"));
      await("next message", () -> c.messages.size() == 2);
      assertEquals("after", c.messages.get(1).utf8String());
    }
  }

  @Test
  void stalledSubscriberDropsOldestWithoutHoldingBackOthers() throws Exception {
    int queueSize = 5;
    Publication pub = server.advertise(CHATTER, false, queueSize);
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(server.address());
      stalled.getOutputStream().write(subscriberHeader(CHATTER.md5sum()).toArray());
      Collector fast = new Collector();
      try (Subscription sub = Subscription.connect("/fast", CHATTER, server.address(), fast)) {
        await("two subscribers", () -> pub.subscriberCount() == 2);
        byte[] big = new byte[100_000];
        int n = 400; // 40 MB in all: far beyond what socket buffers can hold for the stalled one
        for (int i = 0; i < n; i++) {
          big[0] = (byte) i;
          pub.publish(ByteString.fromArray(big));
          int expected = i + 1;
          await("fast subscriber got message " + i, () -> fast.messages.size() == expected);
          for (Publication.SubscriberLink l : pub.subscribers()) {
            assertTrue(l.queued() <= queueSize, "queue of " + l.callerId() + " holds " + l.queued());
          }
        }
        for (int i = 0; i < n; i++) {
          assertEquals((byte) i, fast.messages.get(i).apply(0));
        }
        Publication.SubscriberLink slow = pub.subscribers().stream()
            .filter(l -> l.callerId().equals("/stalled")).findFirst().orElseThrow();
        assertTrue(slow.dropped() > 0, "stalled subscriber dropped nothing");
        assertEquals(queueSize, slow.queued());
        Publication.SubscriberLink quick = pub.subscribers().stream()
            .filter(l -> l.callerId().equals("/fast")).findFirst().orElseThrow();
        assertEquals(0, quick.dropped());

        // what the stalled subscriber reads now ends with the newest messages: the oldest were dropped
        DataInputStream in = new DataInputStream(stalled.getInputStream());
        Map<String, String> reply = ConnectionHeader.decodeBody(ByteString.fromArray(readFrame(in)));
        assertEquals(CHATTER.md5sum(), reply.get("md5sum"));
        int last = -1;
        int read = 0;
        while (last != (byte) (n - 1)) {
          last = readFrame(in)[0];
          read++;
        }
        assertTrue(read < n, "stalled subscriber should have lost messages, read " + read);
      }
    }
  }

  @Test
  void md5MismatchIsRefusedWithAnErrorHeader() throws Exception {
    server.advertise(CHATTER, false, 10);
    try (Socket s = new Socket()) {
      s.connect(server.address());
      s.setSoTimeout(10_000);
      s.getOutputStream().write(subscriberHeader("ffffffffffffffffffffffffffffffff").toArray());
      DataInputStream in = new DataInputStream(s.getInputStream());
      Map<String, String> reply = ConnectionHeader.decodeBody(ByteString.fromArray(readFrame(in)));
      assertTrue(reply.get("error").contains("md5sum"), reply.toString());
      assertEquals(-1, in.read(), "connection should be closed after the error");
    }
    Collector c = new Collector();
    TopicSpec wrong = new TopicSpec("/chatter", "std_msgs/Int32", "da5909fbe378aeaf85e547e830cc1bb7", "int32 data\n");
    try (Subscription sub = Subscription.connect("/wrong", wrong, server.address(), c)) {
      await("refusal", () -> c.gaveUp);
      assertTrue(c.lastError.get().getMessage().contains("std_msgs/Int32"), c.lastError.get().getMessage());
      assertFalse(c.header.isDone());
      assertTrue(sub.isFinished());
    }
  }

  @Test
  void anyMd5IsAccepted() throws Exception {
    Publication pub = server.advertise(CHATTER, true, 10);
    pub.publish(msg("hi"));
    Collector c = new Collector();
    TopicSpec any = new TopicSpec("/chatter", "*", "*", "");
    try (Subscription sub = Subscription.connect("/rostopic", any, server.address(), c)) {
      assertEquals("std_msgs/String", c.header.get(10, TimeUnit.SECONDS).get("type"));
      await("latched", () -> c.messages.size() == 1);
    }
  }

  @Test
  void unknownTopicAndBrokenHeadersAreAnsweredWithErrors() throws Exception {
    assertTrue(rawExchange(subscriberHeader(CHATTER.md5sum())).get("error").contains("not a publisher"));
    byte[] noEquals = "callerid".getBytes(StandardCharsets.UTF_8);
    ByteString body = Frames.lengthPrefix(noEquals.length).concat(ByteString.fromArray(noEquals));
    assertTrue(rawExchange(Frames.frame(body)).get("error").contains("without '='"));
    ByteString huge = Frames.lengthPrefix(ConnectionHeader.MAX_HEADER_BYTES + 1);
    assertTrue(rawExchange(huge).get("error").contains("exceeds"));
  }

  @Test
  void reconnectsWhenThePublisherComesBack() throws Exception {
    Publication pub = server.advertise(CHATTER, true, 10);
    pub.publish(msg("one"));
    Collector c = new Collector();
    InetSocketAddress address = server.address();
    try (Subscription sub = Subscription.connect("/listener", CHATTER, address, c)) {
      await("first", () -> c.messages.size() == 1);
      server.unbind().toCompletableFuture().join();
      await("disconnect seen", () -> c.lastError.get() != null);
      assertFalse(c.gaveUp);
      server = TcprosServer.start("/pyros", "127.0.0.1", address.getPort()).toCompletableFuture().join();
      server.advertise(CHATTER, true, 10).publish(msg("two"));
      await("message after reconnect", () -> c.messages.size() == 2);
      assertEquals("two", c.messages.get(1).utf8String());
    }
  }

  @Test
  void aClosedServerFreesItsPortForTheNextOneAtOnce() {
    int port = server.address().getPort();
    for (int i = 0; i < 50; i++) {
      server.unbind().toCompletableFuture().join();
      server = TcprosServer.start("/pyros", "127.0.0.1", port).toCompletableFuture().join();
    }
    assertEquals(port, server.address().getPort());
  }

  @Test
  void serviceCallsOneShotPersistentAndFailures() throws Exception {
    server.registerService(ECHO, req -> {
      String s = req.utf8String();
      if (s.equals("fail")) {
        throw new IllegalArgumentException("cannot echo fail");
      }
      return CompletableFuture.completedFuture(msg("echo:" + s));
    });
    Duration t = Duration.ofSeconds(10);
    assertEquals("echo:a", ServiceClient.call("/c", ECHO, server.serviceAddress(), msg("a"), t)
        .toCompletableFuture().join().utf8String());
    var failed = ServiceClient.call("/c", ECHO, server.serviceAddress(), msg("fail"), t).toCompletableFuture();
    PyrosException e = assertInstanceOf(PyrosException.class, assertThrowsCompletion(failed));
    assertEquals(ErrorCode.SERVICE_FAILED, e.code());
    assertTrue(e.getMessage().contains("cannot echo fail"), e.getMessage());

    try (ServiceClient p = ServiceClient.persistent("/c", ECHO, server.serviceAddress(), t)) {
      for (int i = 0; i < 20; i++) {
        assertEquals("echo:" + i, p.call(msg(String.valueOf(i))).toCompletableFuture().join().utf8String());
      }
      assertEquals("test/Echo", p.serverHeader().toCompletableFuture().join().get("type"));
    }

    Map<String, String> probed = ServiceClient.probe("/c", "/echo", server.serviceAddress(), t)
        .toCompletableFuture().join();
    assertEquals(ECHO.md5sum(), probed.get("md5sum"));
    assertEquals("test/EchoRequest", probed.get("request_type"));

    ServiceSpec wrong = ServiceSpec.of("/echo", "test/Echo", "ffffffffffffffffffffffffffffffff");
    var refused = ServiceClient.call("/c", wrong, server.serviceAddress(), msg("a"), t).toCompletableFuture();
    assertTrue(assertThrowsCompletion(refused).getMessage().contains("md5sums do not match"));
  }

  @Test
  void oneShotServiceAnswersAndLeavesTheCloseToTheClient() throws Exception {
    // roscpp drops a connection whose close it sees before it has read the answer (its calls
    // failed now and then): the server answers, lets the client close, and closes only after a
    // linger, so a client that never closes does not keep the connection.
    server.registerService(ECHO, req -> CompletableFuture.completedFuture(msg("echo:" + req.utf8String())));
    try (Socket s = new Socket()) {
      s.connect(server.serviceAddress());
      s.setSoTimeout(10_000);
      s.getOutputStream().write(ConnectionHeader.encode(
          Map.of("callerid", "/raw", "service", "/echo", "md5sum", ECHO.md5sum())).toArray());
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertEquals(ECHO.md5sum(), ConnectionHeader.decodeBody(ByteString.fromArray(readFrame(in))).get("md5sum"));
      s.getOutputStream().write(Frames.frame(msg("a")).toArray());
      assertEquals(1, in.read(), "ok byte");
      assertEquals("echo:a", new String(readFrame(in), StandardCharsets.UTF_8));
      s.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, in::read, "the server closed the connection right after its answer");
      s.setSoTimeout(10_000);
      assertEquals(-1, in.read(), "the server closes a one-shot connection the client keeps open");
    }
  }

  @Test
  void slowServiceTimesOut() {
    server.registerService(ECHO, req -> new CompletableFuture<>()); // never answers
    var call = ServiceClient.call("/c", ECHO, server.serviceAddress(), msg("a"), Duration.ofMillis(300))
        .toCompletableFuture();
    PyrosException e = assertInstanceOf(PyrosException.class, assertThrowsCompletion(call));
    assertEquals(ErrorCode.TIMEOUT, e.code());
    assertTrue(e.getMessage().contains("within 300 ms"), e.getMessage());
  }

  @Test
  void aTimedOutCallStatesItsOwnLimitNotTheConnections() {
    server.registerService(ECHO, req -> new CompletableFuture<>()); // never answers
    try (ServiceClient p = ServiceClient.persistent("/c", ECHO, server.serviceAddress(), Duration.ofSeconds(5))) {
      var call = p.call(msg("a"), Duration.ofMillis(400)).toCompletableFuture();
      PyrosException e = assertInstanceOf(PyrosException.class, assertThrowsCompletion(call));
      assertEquals(ErrorCode.TIMEOUT, e.code());
      assertTrue(e.getMessage().contains("within 400 ms"), e.getMessage());
      assertFalse(p.isOpen(), "a timed-out call closes its connection: a late answer would go to the next call");
    }
  }

  private static Throwable assertThrowsCompletion(CompletableFuture<?> f) {
    try {
      f.join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  private Map<String, String> rawExchange(ByteString bytes) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(server.address());
      s.setSoTimeout(10_000);
      s.getOutputStream().write(bytes.toArray());
      DataInputStream in = new DataInputStream(s.getInputStream());
      Map<String, String> reply = ConnectionHeader.decodeBody(ByteString.fromArray(readFrame(in)));
      assertEquals(-1, in.read(), "connection should be closed after the error");
      return reply;
    }
  }

  private static ByteString subscriberHeader(String md5) {
    return ConnectionHeader.encode(Map.of("callerid", "/stalled", "topic", "/chatter", "md5sum", md5,
        "type", "std_msgs/String", "tcp_nodelay", "0"));
  }

  private static byte[] readFrame(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] len = new byte[4];
    in.readFully(len);
    int n = (len[0] & 0xff) | (len[1] & 0xff) << 8 | (len[2] & 0xff) << 16 | (len[3] & 0xff) << 24;
    byte[] body = new byte[n];
    in.readFully(body);
    return body;
  }
}
