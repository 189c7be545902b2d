package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.util.List;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.ros.msg.Ros1Decoder;
import org.pyros.ros.msg.Ros1Encoder;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.ScriptedPublisher;

/**
 * The Foxglove protocol's edges on the in-memory graph, with the JDK's WebSocket as client: the
 * subprotocol chooses it, channels come and go with the graph, message frames carry ROS 1 bytes,
 * every refusal is a status at level error and the connection goes on, a client that stops
 * reading is cut off while another goes on.
 */
class FoxgloveProtocolTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int ERROR = 2;

  private PyrosTestKit kit;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    kit = PyrosTestKit.inMemory();
    startGateway(GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0));
  }

  private void startGateway(GatewaySettings settings) throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    gateway = Gateway.start(kit.system(), kit.client(), kit.node(), settings).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    gateway.close();
    kit.close();
  }

  private static Message string(String data) {
    return Message.builder(StandardTypes.STRING).set("data", data).build();
  }

  private FoxgloveSocket socket() throws Exception {
    return FoxgloveSocket.connect(gateway.websocketUri());
  }

  private static JsonNode channelOf(FoxgloveSocket ws, String topic) throws InterruptedException {
    JsonNode advertise = ws.next(m -> m.path("op").asText().equals("advertise")
        && m.path("channels").findValuesAsText("topic").contains(topic), WAIT);
    for (JsonNode c : advertise.path("channels")) {
      if (c.path("topic").asText().equals(topic)) {
        return c;
      }
    }
    throw new AssertionError("unreachable");
  }

  private static void assertError(FoxgloveSocket ws, String containing) throws InterruptedException {
    JsonNode status = ws.next(m -> m.path("op").asText().equals("status") && m.path("level").asInt() == ERROR, WAIT);
    assertTrue(status.path("message").asText().contains(containing), status.toString());
  }

  private static byte[] messageFrame(long channelId, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 1).putInt((int) channelId).put(payload).array();
  }

  @Test
  void theSubprotocolChoosesFoxgloveAndServerInfoComesFirst() throws Exception {
    try (FoxgloveSocket ws = socket()) {
      assertEquals("foxglove.websocket.v1", ws.subprotocol());
      JsonNode info = ws.next(m -> true, WAIT);
      assertEquals("serverInfo", info.path("op").asText(), info.toString());
      assertTrue(info.path("capabilities").toString().contains("clientPublish"), info.toString());
      assertTrue(info.path("supportedEncodings").toString().contains("ros1"), info.toString());
      assertTrue(info.path("sessionId").isTextual());
    }
  }

  @Test
  void aClientOfFoxglovesSdkGetsItsSubprotocolAndMayIntroduceItself() throws Exception {
    try (FoxgloveSocket ws = FoxgloveSocket.connectOffering(gateway.websocketUri(), "foxglove.sdk.v1", "foxglove.websocket.v1")) {
      assertEquals("foxglove.sdk.v1", ws.subprotocol());
      assertEquals("serverInfo", ws.next(m -> true, WAIT).path("op").asText());
      ws.send("{\"op\":\"clientInfo\",\"name\":\"a test\"}");
      ws.send("{\"op\":\"nonsense\"}");
      // Statuses answer in order: the one for nonsense is the first, clientInfo was taken.
      JsonNode status = ws.nextOp("status", WAIT);
      assertTrue(status.path("message").asText().startsWith("nonsense"), status.toString());
    }
  }

  @Test
  void channelsComeAndGoWithTheGraphAndCarryRos1Bytes() throws Exception {
    AtomicInteger n = new AtomicInteger();
    ScriptedPublisher pub = kit.graph().publishing("/count", StandardTypes.STRING, () -> string("message " + n.incrementAndGet()));
    try (FoxgloveSocket ws = socket()) {
      JsonNode channel = channelOf(ws, "/count");
      assertEquals("ros1", channel.path("encoding").asText());
      assertEquals("ros1msg", channel.path("schemaEncoding").asText());
      assertEquals("std_msgs/String", channel.path("schemaName").asText());
      assertTrue(channel.path("schema").asText().contains("string data"), channel.toString());
      long channelId = channel.path("id").asLong();

      ws.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":42,\"channelId\":" + channelId + "},{\"id\":43,\"channelId\":"
          + channelId + "}]}");
      pub.every(Duration.ofMillis(10));
      for (int subscription : new int[] {42, 43}) {
        FoxgloveSocket.Binary frame = ws.nextBinary(b -> b.opcode() == 1 && b.buffer().getInt(1) == subscription, WAIT);
        long stamp = frame.buffer().getLong(5);
        long now = System.currentTimeMillis() * 1_000_000L;
        assertTrue(Math.abs(now - stamp) < 60_000_000_000L, "receive time " + stamp + " is not about now " + now);
        Message decoded = Ros1Decoder.decode(StandardTypes.STRING, java.util.Arrays.copyOfRange(frame.bytes(), 13, frame.bytes().length));
        assertTrue(decoded.getString("data").startsWith("message "), decoded.toString());
      }

      ws.send("{\"op\":\"unsubscribe\",\"subscriptionIds\":[42,43]}");
      ws.send("{\"op\":\"unsubscribe\",\"subscriptionIds\":[42]}");
      // The refusal of the second unsubscribe comes after the first took effect: no frame after it.
      assertError(ws, "no subscription 42");
      ws.drain();
      ws.send("{\"op\":\"unsubscribe\",\"subscriptionIds\":[43]}");
      assertError(ws, "no subscription 43");
      assertTrue(ws.drain().stream().noneMatch(o -> o instanceof FoxgloveSocket.Binary), "a message frame after unsubscribe");

      // The topic leaves what the node exposes: the channel is withdrawn.
      kit.await(kit.client().reconfigure(PyrosTestKit.EVERYTHING.withTopics(NameFilter.of(List.of("/**"), List.of("/count")))));
      JsonNode gone = ws.nextOp("unadvertise", Duration.ofSeconds(20));
      assertEquals(channelId, gone.path("channelIds").get(0).asLong(), gone.toString());
    } finally {
      pub.close();
    }
  }

  @Test
  void refusalsAreErrorStatusesAndTheConnectionGoesOn() throws Exception {
    GatewaySettings base = GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0);
    startGateway(new GatewaySettings(base.host(), 0, 1000, base.queueLength(), base.maxQueuedBytes(), base.stallTimeout(),
        base.maxOpenFragmented(), base.providedServiceTimeout(), base.subscribeRetry(), base.nodeName()));
    ScriptedPublisher pub = kit.graph().publishing("/still", StandardTypes.STRING, () -> string("here"));
    try (FoxgloveSocket ws = socket()) {
      long channelId = channelOf(ws, "/still").path("id").asLong();
      ws.send("{not json");
      assertError(ws, "not valid JSON");
      ws.send("{\"op\":\"dance\"}");
      assertError(ws, "unknown");
      ws.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":1,\"channelId\":99999}]}");
      assertError(ws, "no channel 99999");
      ws.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":-1,\"channelId\":" + channelId + "}]}");
      assertError(ws, "\"id\"");
      ws.send("{\"op\":\"subscribe\"}");
      assertError(ws, "subscriptions");
      ws.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":5,\"channelId\":" + channelId + "}]}");
      ws.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":5,\"channelId\":" + channelId + "}]}");
      assertError(ws, "subscription 5 is in use");
      ws.send("x".repeat(5000));
      assertError(ws, "longer than the limit of 1000");
      ws.sendBinary(new byte[] {9, 0, 0});
      assertError(ws, "unknown binary opcode 9");
      ws.sendBinary(messageFrame(77, new byte[] {1, 2, 3}));
      assertError(ws, "not advertised");
      ws.send("{\"op\":\"advertise\",\"channels\":[{\"id\":3,\"topic\":\"/x\",\"encoding\":\"json\",\"schemaName\":\"std_msgs/String\"}]}");
      assertError(ws, "encoding json");
      ws.send("{\"op\":\"advertise\",\"channels\":[{\"id\":4,\"topic\":\"/x\",\"encoding\":\"ros1\",\"schemaName\":\"nope/Missing\"}]}");
      assertError(ws, "advertise /x");

      // Still served after all that: subscription 5 delivers.
      pub.every(Duration.ofMillis(20));
      FoxgloveSocket.Binary frame = ws.nextBinary(b -> b.opcode() == 1 && b.buffer().getInt(1) == 5, WAIT);
      assertEquals("here", Ros1Decoder.decode(StandardTypes.STRING,
          java.util.Arrays.copyOfRange(frame.bytes(), 13, frame.bytes().length)).getString("data"));
    } finally {
      pub.close();
    }
  }

  @Test
  void clientPublishReachesTheGraphAndBrokenPayloadsAreRefused() throws Exception {
    try (FoxgloveSocket ws = socket()) {
      ws.nextOp("serverInfo", WAIT);
      ws.send("{\"op\":\"advertise\",\"channels\":[{\"id\":7,\"topic\":\"/from_client\",\"encoding\":\"ros1\","
          + "\"schemaName\":\"std_msgs/String\"}]}");
      byte[] payload = Ros1Encoder.encode(string("from foxglove"));
      // The type is looked up asynchronously: the first frames may be dropped with a warning.
      Message published = null;
      for (int i = 0; i < 50 && published == null; i++) {
        ws.sendBinary(messageFrame(7, payload));
        published = pollPublished();
      }
      assertEquals("from foxglove", published.getString("data"));

      ws.sendBinary(messageFrame(7, new byte[] {(byte) 0xff, 0x7f, 0, 0}));
      assertError(ws, "is not a ros1 std_msgs/String");
      ws.send("{\"op\":\"unadvertise\",\"channelIds\":[7]}");
      ws.sendBinary(messageFrame(7, payload));
      assertError(ws, "not advertised");
    }
  }

  private Message pollPublished() {
    try {
      return kit.expectPublished("/from_client", Duration.ofMillis(200));
    } catch (AssertionError e) {
      return null;
    }
  }

  @Test
  void serviceCallsAnswerWithResponsesOrFailures() throws Exception {
    kit.graph().serving("/flag", StandardTypes.SET_BOOL,
        r -> Message.builder(StandardTypes.SET_BOOL.response()).set("success", r.getBool("data")).set("message", "set").build());
    try (FoxgloveSocket ws = socket()) {
      JsonNode advertised = ws.next(m -> m.path("op").asText().equals("advertiseServices")
          && m.path("services").findValuesAsText("name").contains("/flag"), Duration.ofSeconds(20));
      JsonNode service = advertised.path("services").get(0);
      assertEquals("std_srvs/SetBool", service.path("type").asText());
      assertTrue(service.path("request").path("schema").asText().contains("bool data"), service.toString());
      long serviceId = service.path("id").asLong();

      ws.sendBinary(callRequest(serviceId, 11, "ros1", Ros1Encoder.encode(
          Message.builder(StandardTypes.SET_BOOL.request()).set("data", true).build())));
      FoxgloveSocket.Binary response = ws.nextBinary(b -> b.opcode() == 3, WAIT);
      ByteBuffer in = response.buffer();
      assertEquals(serviceId, in.getInt(1));
      assertEquals(11, in.getInt(5));
      int encodingLength = in.getInt(9);
      assertEquals("ros1", new String(response.bytes(), 13, encodingLength, StandardCharsets.UTF_8));
      Message answer = Ros1Decoder.decode(StandardTypes.SET_BOOL.response(),
          java.util.Arrays.copyOfRange(response.bytes(), 13 + encodingLength, response.bytes().length));
      assertTrue(answer.getBool("success"));
      assertEquals("set", answer.getString("message"));

      ws.sendBinary(callRequest(serviceId, 12, "cdr", new byte[] {1}));
      JsonNode wrongEncoding = ws.nextOp("serviceCallFailure", WAIT);
      assertEquals(12, wrongEncoding.path("callId").asInt());
      ws.sendBinary(callRequest(999, 13, "ros1", new byte[] {1}));
      assertEquals(13, ws.nextOp("serviceCallFailure", WAIT).path("callId").asInt());
      ws.sendBinary(new byte[] {2, 1, 0});
      assertError(ws, "cut short");
    }
  }

  @Test
  void paramsAreReadSetAndDeleted() throws Exception {
    kit.graph().setParam("/robot/speed", 1.5);
    kit.graph().setParam("/robot/name", "r2");
    try (FoxgloveSocket ws = socket()) {
      ws.send("{\"op\":\"getParameters\",\"parameterNames\":[],\"id\":\"all\"}");
      JsonNode all = ws.next(m -> m.path("id").asText().equals("all"), WAIT);
      assertEquals("parameterValues", all.path("op").asText());
      assertTrue(all.path("parameters").findValuesAsText("name").containsAll(List.of("/robot/speed", "/robot/name")), all.toString());

      ws.send("{\"op\":\"setParameters\",\"parameters\":[{\"name\":\"/robot/speed\",\"value\":2.5},"
          + "{\"name\":\"/robot/name\",\"value\":null}],\"id\":\"set\"}");
      JsonNode set = ws.next(m -> m.path("id").asText().equals("set"), WAIT);
      assertEquals(1, set.path("parameters").size(), set.toString());
      assertEquals(2.5, set.path("parameters").get(0).path("value").asDouble());
      assertEquals(java.util.Optional.of(2.5), kit.graph().param("/robot/speed"));
      assertEquals(java.util.Optional.empty(), kit.graph().param("/robot/name"));

      ws.send("{\"op\":\"getParameters\",\"parameterNames\":[3]}");
      assertError(ws, "parameterNames");
    }
  }

  private static byte[] callRequest(long serviceId, int callId, String encoding, byte[] payload) {
    byte[] enc = encoding.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(13 + enc.length + payload.length).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 2).putInt((int) serviceId).putInt(callId).putInt(enc.length).put(enc).put(payload).array();
  }

  @Test
  void aClientThatStopsReadingIsCutOffAndTheOthersGoOn() throws Exception {
    GatewaySettings base = GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0);
    // 20 frames of 32 KiB per subscription: one subscription stays under the 1 MiB limit, two do not.
    startGateway(base.withSendQueue(20, 1 << 20, Duration.ofSeconds(30)));
    String blob = "y".repeat(32 * 1024);
    ScriptedPublisher pub = kit.graph().publishing("/flood", StandardTypes.STRING, () -> string(blob));
    try (FoxgloveSocket fast = socket()) {
      long channelId = channelOf(fast, "/flood").path("id").asLong();
      try (FoxgloveSocket slow = FoxgloveSocket.connectNotReading(gateway.websocketUri())) {
        slow.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":1,\"channelId\":" + channelId
            + "},{\"id\":2,\"channelId\":" + channelId + "}]}");
        fast.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":1,\"channelId\":" + channelId + "}]}");
        pub.every(Duration.ofMillis(2));
        // Some 10 MB reach the reader, twice that is offered to the silent one: far past its socket buffers.
        for (int i = 0; i < 300; i++) {
          fast.nextBinary(b -> b.opcode() == 1, WAIT);
        }
        slow.read();
        String why = slow.closed.get(30, TimeUnit.SECONDS);
        assertTrue(why != null, "the slow client was not cut off");
        fast.drain();
        fast.nextBinary(b -> b.opcode() == 1, WAIT);
      }
    } finally {
      pub.stop();
    }
  }
}
