package org.pyros.ros.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.msg.Ros1Decoder;
import org.pyros.ros.tcpros.ConnectionHeader;
import org.pyros.ros.tcpros.Publication;
import org.pyros.ros.tcpros.ServiceSpec;
import org.pyros.ros.tcpros.TcprosServer;
import org.pyros.ros.tcpros.TopicSpec;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcFaultException;
import org.pyros.ros.xmlrpc.XmlRpcFormatException;
import org.pyros.ros.xmlrpc.XmlRpcReader;
import org.pyros.ros.xmlrpc.XmlRpcServer;

/**
 * Hand-made malformed inputs against running servers: each gets a clear error within a few
 * seconds, nothing is allocated from a hostile length prefix, and the server keeps serving good
 * peers afterwards. (XXE, billion laughs, deep nesting and oversized bodies on the XML-RPC server
 * are in {@code XmlRpcServerTest}; md5 mismatch, a header without '=' and a stalled subscriber on
 * TCPROS in {@code TcprosLoopbackTest}.)
 */
class MalformedInputTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final TopicSpec CHATTER = new TopicSpec("/chatter", "std_msgs/String",
      "992ce8a1687cec8c8bd883ec73ca41d1", "string data\n");
  private static ActorSystem system;
  private static TcprosServer tcpros;
  private static XmlRpcServer xmlrpc;
  private static Publication chatter;
  private static final AtomicInteger serviceCalls = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create("malformed-input");
    tcpros = TcprosServer.start("/pyros").toCompletableFuture().get(10, TimeUnit.SECONDS);
    chatter = tcpros.advertise(CHATTER, true, 10);
    chatter.publish(ByteString.fromArray(new byte[] {2, 0, 0, 0, 'h', 'i'}));
    tcpros.registerService(ServiceSpec.of("/echo", "test/Echo", "0123456789abcdef0123456789abcdef"), request -> {
      serviceCalls.incrementAndGet();
      return CompletableFuture.completedFuture(request);
    });
    xmlrpc = XmlRpcServer.start();
    xmlrpc.register("echo", CompletableFuture::completedFuture);
  }

  @AfterAll
  static void stop() {
    xmlrpc.close();
    tcpros.unbind().toCompletableFuture().join();
    TestKit.shutdownActorSystem(system);
  }

  // ---- TCPROS

  private static byte[] uint32(long v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
  }

  private static byte[] header(Map<String, String> fields) {
    return ConnectionHeader.encode(fields).toArray();
  }

  private static Map<String, String> subscriberFields(String md5) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("callerid", "/probe");
    h.put("topic", "/chatter");
    h.put("md5sum", md5);
    h.put("type", "std_msgs/String");
    return h;
  }

  /** Sends {@code bytes}, then reads the server's reply header; null when it just closed. */
  private static Map<String, String> exchange(byte[]... parts) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(tcpros.address(), 5000);
      s.setSoTimeout(5000);
      for (byte[] p : parts) {
        s.getOutputStream().write(p);
      }
      s.getOutputStream().flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] len = new byte[4];
      int n = in.readNBytes(len, 0, 4);
      if (n < 4) {
        return null;
      }
      long size = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
      assertTrue(size < 1 << 20, "reply header of " + size + " bytes");
      return ConnectionHeader.decodeBody(ByteString.fromArray(in.readNBytes((int) size)));
    }
  }

  /** A good subscriber still connects and gets the latched message. */
  private static void serverStillServes() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(tcpros.address(), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(header(subscriberFields(CHATTER.md5sum())));
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] len = in.readNBytes(4);
      Map<String, String> reply = ConnectionHeader.decodeBody(ByteString.fromArray(in.readNBytes(
          ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt())));
      assertEquals(CHATTER.md5sum(), reply.get("md5sum"), reply.toString());
      assertEquals(4 + 2 + 4, ByteBuffer.wrap(in.readNBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt() + 4);
    }
  }

  @Test
  void fourGigabyteHeaderLengthIsRefusedBeforeAllocating() {
    assertTimeoutPreemptively(BOUND, () -> {
      long before = usedHeap();
      Map<String, String> reply = exchange(uint32(0xFFFF_FFFFL), new byte[16]);
      assertTrue(reply.get("error").contains("4294967295"), reply.toString());
      assertTrue(usedHeap() - before < 512L << 20, "heap grew by " + (usedHeap() - before));
      serverStillServes();
    });
  }

  @Test
  void truncatedHeaderThenCloseLeavesNoSubscriber() {
    assertTimeoutPreemptively(BOUND, () -> {
      byte[] h = header(subscriberFields(CHATTER.md5sum()));
      for (int cut : new int[] {1, 3, 4, 10, h.length - 1}) {
        try (Socket s = new Socket()) {
          s.connect(tcpros.address(), 5000);
          s.getOutputStream().write(h, 0, cut);
        }
      }
      serverStillServes();
      RosWait.until("the truncated connections are gone", BOUND, () -> chatter.subscriberCount() == 0);
    });
  }

  @Test
  void fieldLengthOverrunningTheHeaderIsAnError() {
    assertTimeoutPreemptively(BOUND, () -> {
      byte[] body = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_FFFF).put("topic=xx".getBytes(StandardCharsets.US_ASCII)).array();
      Map<String, String> reply = exchange(uint32(body.length), body);
      assertTrue(reply.get("error").contains("overruns"), reply.toString());
      serverStillServes();
    });
  }

  @Test
  void invalidUtf8InTheHeaderIsAnErrorNotACrash() {
    assertTimeoutPreemptively(BOUND, () -> {
      byte[] field = {'t', 'o', 'p', 'i', 'c', '=', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
      Map<String, String> h = subscriberFields(CHATTER.md5sum());
      h.remove("topic");
      byte[] rest = header(h);
      ByteBuffer body = ByteBuffer.allocate(4 + field.length + rest.length - 4).order(ByteOrder.LITTLE_ENDIAN);
      body.putInt(field.length).put(field).put(rest, 4, rest.length - 4);
      Map<String, String> reply = exchange(uint32(body.capacity()), body.array());
      assertTrue(reply.get("error") != null, reply.toString());
      serverStillServes();
    });
  }

  @Test
  void wrongMd5sumIsRefusedAndTheTopicGoesOn() {
    assertTimeoutPreemptively(BOUND, () -> {
      Map<String, String> reply = exchange(header(subscriberFields("00000000000000000000000000000000")));
      assertTrue(reply.get("error").contains("md5sum"), reply.toString());
      serverStillServes();
    });
  }

  @Test
  void fourGigabyteServiceRequestIsRefusedBeforeAllocating() {
    assertTimeoutPreemptively(BOUND, () -> {
      int callsBefore = serviceCalls.get();
      Map<String, String> h = new LinkedHashMap<>();
      h.put("callerid", "/probe");
      h.put("service", "/echo");
      h.put("md5sum", "*");
      h.put("persistent", "1");
      long before = usedHeap();
      try (Socket s = new Socket()) {
        s.connect(tcpros.serviceAddress(), 5000);
        s.setSoTimeout(5000);
        s.getOutputStream().write(header(h));
        s.getOutputStream().write(uint32(0xFFFF_FFF0L));
        s.getOutputStream().write(new byte[1024]);
        InputStream in = s.getInputStream();
        // The server reads its reply header, then closes: it never waits for 4 GB.
        try {
          byte[] all = in.readAllBytes();
          assertTrue(all.length < 1 << 20, "read " + all.length);
        } catch (java.net.SocketException reset) {
          // closed with our unread bytes pending: a reset is a refusal too
        }
      }
      assertTrue(usedHeap() - before < 512L << 20, "heap grew by " + (usedHeap() - before));
      assertEquals(callsBefore, serviceCalls.get(), "the handler must not see the oversized request");
    });
  }

  // ---- XML-RPC

  private static HttpResponse<String> post(byte[] body) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(HttpRequest.newBuilder(xmlrpc.uri()).timeout(Duration.ofSeconds(5))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "text/xml").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static XmlRpcFaultException fault(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return assertThrows(XmlRpcFaultException.class, () -> new XmlRpcReader().readResponse(r.body().getBytes(StandardCharsets.UTF_8)));
  }

  /** Found by the XML-RPC fuzzer: the JDK parser threw MissingResourceException on it. */
  @Test
  void fuzzerFindingGetsAParseFaultNotAClosedConnection() throws Exception {
    byte[] finding = Files.readAllBytes(Path.of("src/test/resources/org/pyros/ros/fuzz/XmlRpcReaderFuzzTestInputs/readCallAndResponse/found-invalid-char-in-dtd"));
    assertTimeoutPreemptively(BOUND, () -> {
      assertEquals(XmlRpcFaultException.PARSE_ERROR, fault(post(finding)).faultCode());
      assertThrows(XmlRpcFormatException.class, () -> new XmlRpcReader().readResponse(finding));
    });
  }

  @Test
  void invalidUtf8AndTruncatedDocumentsGetParseFaults() {
    assertTimeoutPreemptively(BOUND, () -> {
      byte[] good = "<?xml version=\"1.0\"?><methodCall><methodName>echo</methodName><params><param><value>ok</value></param></params></methodCall>"
          .getBytes(StandardCharsets.UTF_8);
      byte[] badUtf8 = good.clone();
      int at = new String(good, StandardCharsets.US_ASCII).indexOf("ok");
      badUtf8[at] = (byte) 0xC3;
      badUtf8[at + 1] = (byte) 0x28;
      assertEquals(XmlRpcFaultException.PARSE_ERROR, fault(post(badUtf8)).faultCode());
      for (int cut = 1; cut < good.length; cut += 7) {
        byte[] truncated = java.util.Arrays.copyOf(good, cut);
        assertEquals(XmlRpcFaultException.PARSE_ERROR, fault(post(truncated)).faultCode(), "cut at " + cut);
      }
      assertEquals(List.of("ok"), new XmlRpcClient().call(xmlrpc.uri(), "echo", "ok").toCompletableFuture().get(5, TimeUnit.SECONDS));
    });
  }

  // ---- ROS1 message bytes

  @Test
  void hugeCountsOfEmptyElementsAndInvalidUtf8StringsAreBounded() {
    MessageTypes types = MessageTypes.fromEnvironment();
    var empties = types.register("pyros_reliability/Empties", "std_msgs/Empty[] e\n");
    assertTimeoutPreemptively(BOUND, () -> {
      long before = usedHeap();
      // 2^31 - 9 empty messages take no bytes on the wire; the decoder must not allocate them.
      var m = Ros1Decoder.decode(empties, uint32(Integer.MAX_VALUE - 9));
      assertEquals(Integer.MAX_VALUE - 9, m.getList("e").size());
      assertTrue(usedHeap() - before < 512L << 20, "heap grew by " + (usedHeap() - before));
      assertThrows(MessageFormatException.class, () -> Ros1Decoder.decode(empties, uint32(0xFFFF_FFFFL)));
      // Invalid UTF-8 in a string decodes with replacement characters, as Python's 'replace' would.
      var s = Ros1Decoder.decode(types.messageType("std_msgs/String"), new byte[] {2, 0, 0, 0, (byte) 0xC3, 0x28});
      assertEquals("\uFFFD(", s.getString("data"));
    });
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
