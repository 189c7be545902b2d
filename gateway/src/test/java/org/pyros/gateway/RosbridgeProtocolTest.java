package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.pyros.core.metrics.PyrosMetrics;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.ros.msg.Ros1Decoder;
import org.pyros.core.msg.StandardTypes;
import org.pyros.testkit.Poll;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.ScriptedPublisher;

/**
 * The rosbridge protocol's edges on the in-memory graph, with the JDK's WebSocket as client:
 * every refusal is a status with the request's id and the connection goes on; fragments both
 * ways; CBOR; throttling; list args; client-provided services; slow clients cut off.
 */
class RosbridgeProtocolTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PyrosTestKit kit;
  private Gateway gateway;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws Exception {
    kit = PyrosTestKit.inMemory();
    startGateway(GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0));
  }

  private void startGateway(GatewaySettings settings) throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    PyrosMetrics metrics = new PyrosMetrics();
    metrics.bindTo(meters);
    gateway = Gateway.start(kit.system(), kit.client(), kit.node(), settings, metrics).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    gateway.close();
    kit.close();
  }

  private static Message string(String data) {
    return Message.builder(StandardTypes.STRING).set("data", data).build();
  }

  private JsonSocket socket() throws Exception {
    return JsonSocket.connect(gateway.websocketUri());
  }

  @Test
  void brokenJsonUnknownOpsAndBadMembersAreRefusedAndTheConnectionGoesOn() throws Exception {
    try (JsonSocket ws = socket()) {
      ws.send("{not json");
      JsonNode broken = ws.nextStatus(WAIT);
      assertEquals("error", broken.path("level").asText());
      assertTrue(broken.path("msg").asText().contains("not valid JSON"), broken.toString());

      ws.send("{\"op\":\"dance\",\"id\":\"d1\"}");
      JsonNode unknown = ws.nextStatus(WAIT);
      assertEquals("d1", unknown.path("id").asText(), unknown.toString());
      assertTrue(unknown.path("msg").asText().contains("unknown"), unknown.toString());

      ws.send("[1,2]");
      assertTrue(ws.nextStatus(WAIT).path("msg").asText().contains("\"op\""));

      ws.send("{\"op\":\"subscribe\",\"id\":\"s1\"}");
      JsonNode noTopic = ws.nextStatus(WAIT);
      assertEquals("s1", noTopic.path("id").asText());
      assertTrue(noTopic.path("msg").asText().contains("topic"), noTopic.toString());

      ws.send("{\"op\":\"subscribe\",\"id\":\"s2\",\"topic\":\"/t\",\"compression\":\"png\"}");
      JsonNode png = ws.nextStatus(WAIT);
      assertEquals("s2", png.path("id").asText());
      assertTrue(png.path("msg").asText().contains("png"), png.toString());

      ws.send("{\"op\":\"publish\",\"id\":\"p1\",\"topic\":\"/nobody\",\"msg\":{}}");
      JsonNode noType = ws.nextStatus(WAIT);
      assertEquals("p1", noType.path("id").asText());
      assertTrue(noType.path("msg").asText().contains("NOT_FOUND"), noType.toString());

      // Still served after all that.
      kit.graph().serving("/ok", StandardTypes.TRIGGER,
          r -> Message.builder(StandardTypes.TRIGGER.response()).set("success", true).set("message", "fine").build());
      ws.send("{\"op\":\"call_service\",\"id\":\"c1\",\"service\":\"/ok\"}");
      JsonNode answer = ws.next(m -> m.path("op").asText().equals("service_response"), WAIT);
      assertEquals("c1", answer.path("id").asText());
      assertTrue(answer.path("result").asBoolean());
      assertEquals("fine", answer.path("values").path("message").asText());
    }
  }

  @Test
  void aMessageOverTheFrameLimitIsRefusedAndTheConnectionGoesOn() throws Exception {
    GatewaySettings base = GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0);
    startGateway(new GatewaySettings(base.host(), 0, 1000, base.queueLength(), base.maxQueuedBytes(), base.stallTimeout(),
        base.maxOpenFragmented(), base.providedServiceTimeout(), base.subscribeRetry(), base.nodeName()));
    try (JsonSocket ws = socket()) {
      ws.send("{\"op\":\"publish\",\"topic\":\"/big\",\"msg\":{\"data\":\"" + "x".repeat(5000) + "\"}}");
      JsonNode big = ws.nextStatus(WAIT);
      assertTrue(big.path("msg").asText().contains("longer than the limit of 1000"), big.toString());
      ws.send("{\"op\":\"set_level\",\"level\":\"loud\",\"id\":\"l1\"}");
      assertEquals("l1", ws.nextStatus(WAIT).path("id").asText());

      // At level none even refusals are not sent: the next message is the answer to the call.
      ws.send("{\"op\":\"set_level\",\"level\":\"none\"}");
      ws.send("{broken");
      ws.send("{\"op\":\"call_service\",\"id\":\"t1\",\"service\":\"/rosapi/get_time\"}");
      JsonNode next = ws.next(m -> true, WAIT);
      assertEquals("service_response", next.path("op").asText(), next.toString());
    }
  }

  @Test
  void advertiseAndPublishReachTheGraphAlsoInFragmentsAndCbor() throws Exception {
    try (JsonSocket ws = socket()) {
      ws.send("{\"op\":\"advertise\",\"topic\":\"/from_client\",\"type\":\"std_msgs/String\"}");
      ws.send("{\"op\":\"publish\",\"topic\":\"/from_client\",\"msg\":{\"data\":\"plain\"}}");
      assertEquals("plain", kit.expectPublished("/from_client", WAIT).getString("data"));

      String whole = "{\"op\":\"publish\",\"topic\":\"/from_client\",\"msg\":{\"data\":\"in pieces\"}}";
      int cut = whole.length() / 2;
      ws.send(fragment("f1", whole.substring(cut), 1, 2));
      ws.send(fragment("f1", whole.substring(0, cut), 0, 2));
      assertEquals("in pieces", kit.expectPublished("/from_client", WAIT).getString("data"));

      ObjectNode op = JSON.createObjectNode().put("op", "publish").put("topic", "/from_client");
      op.putObject("msg").put("data", "as cbor");
      ws.sendBinary(new CBORMapper().writeValueAsBytes(op));
      assertEquals("as cbor", kit.expectPublished("/from_client", WAIT).getString("data"));

      ws.send("{\"op\":\"publish\",\"id\":\"bad\",\"topic\":\"/from_client\",\"msg\":{\"nope\":1}}");
      JsonNode bad = ws.nextStatus(WAIT);
      assertEquals("bad", bad.path("id").asText());
      assertTrue(bad.path("msg").asText().contains("nope"), bad.toString());
    }
  }

  private static String fragment(String id, String data, int num, int total) {
    return JSON.createObjectNode().put("op", "fragment").put("id", id).put("data", data).put("num", num).put("total", total).toString();
  }

  @Test
  void subscribeSendsJsonCborFragmentsAndThrottles() throws Exception {
    AtomicInteger n = new AtomicInteger();
    ScriptedPublisher pub = kit.graph().publishing("/count", StandardTypes.STRING, () -> string("message " + n.incrementAndGet()));
    try (JsonSocket ws = socket()) {
      ws.send("{\"op\":\"set_level\",\"level\":\"info\"}");
      ws.send("{\"op\":\"subscribe\",\"id\":\"sub1\",\"topic\":\"/count\"}");
      assertEquals("sub1", ws.nextStatus(WAIT).path("id").asText());
      pub.every(Duration.ofMillis(10));
      JsonNode json = ws.next(m -> m.path("op").asText().equals("publish"), WAIT);
      assertEquals("/count", json.path("topic").asText());
      assertTrue(json.path("msg").path("data").asText().startsWith("message "));

      ws.send("{\"op\":\"subscribe\",\"topic\":\"/count\",\"compression\":\"cbor\"}");
      JsonNode cbor = ws.next(m -> m.has("_cbor"), WAIT);
      assertEquals("publish", cbor.path("op").asText());
      assertTrue(cbor.path("msg").path("data").asText().startsWith("message "));

      ws.send("{\"op\":\"subscribe\",\"id\":\"frag\",\"topic\":\"/count\",\"fragment_size\":10}");
      JsonNode first = ws.next(m -> m.path("op").asText().equals("fragment") && m.path("num").asInt() == 0, WAIT);
      int total = first.path("total").asInt();
      StringBuilder whole = new StringBuilder(first.path("data").asText());
      String id = first.path("id").asText();
      for (int i = 1; i < total; i++) {
        int num = i;
        whole.append(ws.next(m -> m.path("id").asText().equals(id) && m.path("num").asInt() == num, WAIT).path("data").asText());
      }
      assertEquals("/count", JSON.readTree(whole.toString()).path("topic").asText());

      ws.send("{\"op\":\"subscribe\",\"topic\":\"/count\",\"throttle_rate\":500}");
      ws.next(m -> m.path("op").asText().equals("status") && m.path("msg").asText().contains("subscribed"), WAIT);
      ws.drain();
      long start = System.nanoTime();
      ws.next(m -> m.path("op").asText().equals("publish"), WAIT);
      ws.next(m -> m.path("op").asText().equals("publish"), WAIT);
      ws.next(m -> m.path("op").asText().equals("publish"), WAIT);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(elapsedMs >= 900, "three throttled messages at 500 ms took " + elapsedMs + " ms");

      ws.send("{\"op\":\"unsubscribe\",\"topic\":\"/count\"}");
      ws.send("{\"op\":\"call_service\",\"id\":\"mark\",\"service\":\"/rosapi/get_time\"}");
      ws.next(m -> m.path("id").asText().equals("mark"), WAIT);
      ws.drain();
      ws.send("{\"op\":\"call_service\",\"id\":\"mark2\",\"service\":\"/rosapi/get_time\"}");
      ws.next(m -> m.path("id").asText().equals("mark2"), WAIT);
      assertTrue(ws.drain().stream().noneMatch(m -> m.path("op").asText().equals("publish")), "a message after unsubscribe");
    } finally {
      pub.stop();
    }
  }

  @Test
  void aSubscribeBeforeTheTopicExistsIsServedOnceItAppears() throws Exception {
    try (JsonSocket ws = socket()) {
      ws.send("{\"op\":\"set_level\",\"level\":\"info\"}");
      ws.send("{\"op\":\"subscribe\",\"id\":\"early\",\"topic\":\"/later\",\"type\":\"std_msgs/String\"}");
      // Accepted at once, as ROS accepts a subscriber before any publisher.
      JsonNode accepted = ws.nextStatus(WAIT);
      assertEquals("info", accepted.path("level").asText(), accepted.toString());
      assertEquals("early", accepted.path("id").asText());
      ScriptedPublisher later = kit.graph().publishing("/later", StandardTypes.STRING, () -> string("at last"));
      later.every(Duration.ofMillis(20));
      try {
        JsonNode m = ws.next(x -> x.path("op").asText().equals("publish"), WAIT);
        assertEquals("at last", m.path("msg").path("data").asText());
      } finally {
        later.stop();
      }
    }
  }

  @Test
  void callServiceTakesArgsAsAListAndRefusesWithStatusAndResponse() throws Exception {
    kit.graph().serving("/flag", StandardTypes.SET_BOOL,
        r -> Message.builder(StandardTypes.SET_BOOL.response()).set("success", r.getBool("data")).set("message", "got " + r.getBool("data")).build());
    try (JsonSocket ws = socket()) {
      ws.send("{\"op\":\"call_service\",\"id\":\"l\",\"service\":\"flag\",\"args\":[true]}");
      JsonNode list = ws.next(m -> m.path("id").asText().equals("l"), WAIT);
      assertEquals("got true", list.path("values").path("message").asText(), list.toString());

      ws.send("{\"op\":\"call_service\",\"id\":\"bad\",\"service\":\"/flag\",\"args\":{\"data\":\"yes\"}}");
      JsonNode status = ws.nextStatus(WAIT);
      assertEquals("bad", status.path("id").asText());
      assertTrue(status.path("msg").asText().contains("BAD_MESSAGE"), status.toString());
      JsonNode failed = ws.next(m -> m.path("op").asText().equals("service_response"), WAIT);
      assertFalse(failed.path("result").asBoolean(true));

      ws.send("{\"op\":\"call_service\",\"id\":\"t\",\"service\":\"/flag\",\"timeout\":\"soon\"}");
      assertEquals("t", ws.nextStatus(WAIT).path("id").asText());
    }
  }

  @Test
  void aClientProvidesAServiceToTheGraph() throws Exception {
    try (JsonSocket ws = socket()) {
      ws.send("{\"op\":\"advertise_service\",\"service\":\"/client_flag\",\"type\":\"std_srvs/SetBool\"}");
      var call = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
          try {
            return kit.client().call("/client_flag", Message.builder(StandardTypes.SET_BOOL.request()).set("data", true).build())
                .toCompletableFuture().get();
          } catch (Exception e) {
            if (System.nanoTime() > deadline) {
              throw new AssertionError("the client's service was never callable", e);
            }
            Thread.onSpinWait();
          }
        }
      });
      JsonNode request = ws.next(m -> m.path("op").asText().equals("call_service"), WAIT);
      assertEquals("/client_flag", request.path("service").asText());
      assertTrue(request.path("args").path("data").asBoolean());
      ws.send(JSON.createObjectNode().put("op", "service_response").put("service", "/client_flag")
          .put("id", request.path("id").asText()).put("result", true)
          .set("values", JSON.createObjectNode().put("success", true).put("message", "from the client")).toString());
      Message response = call.get(20, TimeUnit.SECONDS);
      assertEquals("from the client", response.getString("message"));

      ws.send("{\"op\":\"service_response\",\"id\":\"nope\",\"service\":\"/not_mine\",\"values\":{}}");
      assertEquals("nope", ws.nextStatus(WAIT).path("id").asText());
      ws.send("{\"op\":\"unadvertise_service\",\"service\":\"/client_flag\"}");
    }
  }

  @Test
  void rosapiListsAndParams() throws Exception {
    kit.graph().publishing("/listed", StandardTypes.STRING, string("x"));
    kit.graph().setParam("/p/a", 1);
    try (JsonSocket ws = socket()) {
      ws.send("{\"op\":\"call_service\",\"id\":\"1\",\"service\":\"/rosapi/topics_for_type\",\"args\":{\"type\":\"std_msgs/String\"}}");
      assertTrue(ws.next(m -> m.path("id").asText().equals("1"), WAIT).path("values").path("topics").toString().contains("/listed"));
      ws.send("{\"op\":\"call_service\",\"id\":\"2\",\"service\":\"/rosapi/topic_type\",\"args\":{\"topic\":\"/listed\"}}");
      assertEquals("std_msgs/String", ws.next(m -> m.path("id").asText().equals("2"), WAIT).path("values").path("type").asText());
      ws.send("{\"op\":\"call_service\",\"id\":\"3\",\"service\":\"/rosapi/get_param\",\"args\":{\"name\":\"/p/a\"}}");
      assertEquals("1", ws.next(m -> m.path("id").asText().equals("3"), WAIT).path("values").path("value").asText());
      ws.send("{\"op\":\"call_service\",\"id\":\"4\",\"service\":\"/rosapi/delete_param\",\"args\":{\"name\":\"/p/a\"}}");
      assertTrue(ws.next(m -> m.path("id").asText().equals("4"), WAIT).path("result").asBoolean());
      ws.send("{\"op\":\"call_service\",\"id\":\"5\",\"service\":\"/rosapi/has_param\",\"args\":{\"name\":\"/p/a\"}}");
      assertFalse(ws.next(m -> m.path("id").asText().equals("5"), WAIT).path("values").path("exists").asBoolean(true));
      ws.send("{\"op\":\"call_service\",\"id\":\"6\",\"service\":\"/rosapi/topics_and_raw_types\"}");
      JsonNode raw = ws.next(m -> m.path("id").asText().equals("6"), WAIT).path("values");
      assertEquals(raw.path("topics").size(), raw.path("typedefs_full_text").size(), raw.toString());
      ws.send("{\"op\":\"call_service\",\"id\":\"8\",\"service\":\"/rosapi/set_param\",\"args\":{\"name\":\"/p/b\",\"value\":\"[1, 2]\"}}");
      assertTrue(ws.next(m -> m.path("id").asText().equals("8"), WAIT).path("result").asBoolean());
      assertEquals(List.of(1, 2), kit.client().param("/p/b").toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow(),
          "a JSON value is stored as what it says");
      ws.send("{\"op\":\"call_service\",\"id\":\"9\",\"service\":\"/rosapi/get_param_names\"}");
      assertTrue(ws.next(m -> m.path("id").asText().equals("9"), WAIT).path("values").path("names").toString()
          .contains("/p/b"));
      ws.send("{\"op\":\"call_service\",\"id\":\"7\",\"service\":\"/rosapi/message_details\",\"args\":{\"type\":\"geometry_msgs/Twist\"}}");
      JsonNode defs = ws.next(m -> m.path("id").asText().equals("7"), WAIT).path("values").path("typedefs");
      assertEquals("geometry_msgs/Twist", defs.get(0).path("type").asText(), defs.toString());
      assertEquals("geometry_msgs/Vector3", defs.get(0).path("fieldtypes").get(0).asText());
      assertEquals("geometry_msgs/Vector3", defs.get(1).path("type").asText());
    }
  }

  @Test
  void rosapiListsServicesTheirTypesAndTheNodes() throws Exception {
    kit.graph().serving("/flag", StandardTypes.SET_BOOL,
        r -> Message.builder(StandardTypes.SET_BOOL.response()).set("success", true).build());
    kit.graph().publishing("/listed", StandardTypes.STRING, string("x"));
    try (JsonSocket ws = socket()) {
      ws.send("{\"op\":\"call_service\",\"id\":\"1\",\"service\":\"/rosapi/services\"}");
      JsonNode services = ws.next(m -> m.path("id").asText().equals("1"), WAIT).path("values").path("services");
      assertTrue(services.toString().contains("\"/flag\""), services.toString());
      ws.send("{\"op\":\"call_service\",\"id\":\"2\",\"service\":\"/rosapi/service_type\",\"args\":{\"service\":\"/flag\"}}");
      assertEquals("std_srvs/SetBool", ws.next(m -> m.path("id").asText().equals("2"), WAIT).path("values").path("type").asText());
      ws.send("{\"op\":\"call_service\",\"id\":\"3\",\"service\":\"/rosapi/services_for_type\",\"args\":{\"type\":\"std_srvs/SetBool\"}}");
      assertEquals("[\"/flag\"]", ws.next(m -> m.path("id").asText().equals("3"), WAIT).path("values").path("services").toString());
      ws.send("{\"op\":\"call_service\",\"id\":\"4\",\"service\":\"/rosapi/service_type\",\"args\":{\"service\":\"/nothing\"}}");
      JsonNode unknown = ws.next(m -> m.path("id").asText().equals("4"), WAIT);
      assertEquals("", unknown.path("values").path("type").asText("absent"), "rosapi's answer for no such service: " + unknown);
      ws.send("{\"op\":\"call_service\",\"id\":\"5\",\"service\":\"/rosapi/nodes\"}");
      JsonNode nodes = ws.next(m -> m.path("id").asText().equals("5"), WAIT).path("values").path("nodes");
      Set<String> names = new java.util.TreeSet<>();
      nodes.forEach(n -> names.add(n.asText()));
      Set<String> graph = new java.util.TreeSet<>();
      kit.client().nodes().toCompletableFuture().get(10, TimeUnit.SECONDS).forEach(n -> graph.add(n.name()));
      assertTrue(names.containsAll(graph), "every node of the graph: " + graph + " in " + names);
      String own = GatewaySettings.fromConfig(kit.system().settings().config()).nodeName();
      assertTrue(names.contains(own), "and the gateway's own, " + own + ": " + names);
      assertEquals(graph.size() + (graph.contains(own) ? 0 : 1), names.size(), "nothing else: " + names);
    }
  }

  @Test
  void callServiceGivesUpAfterTheTimeoutAsked() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    kit.graph().serving("/slow", StandardTypes.TRIGGER, r -> {
      try {
        release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Message.builder(StandardTypes.TRIGGER.response()).build();
    });
    try (JsonSocket ws = socket()) {
      long start = System.nanoTime();
      ws.send("{\"op\":\"call_service\",\"id\":\"s\",\"service\":\"/slow\",\"timeout\":0.3}");
      JsonNode response = ws.next(m -> m.path("op").asText().equals("service_response"), WAIT);
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals("s", response.path("id").asText());
      assertFalse(response.path("result").asBoolean(true), response.toString());
      assertTrue(response.path("values").toString().contains("TIMEOUT"), response.toString());
      assertTrue(tookMillis >= 300 && tookMillis < WAIT.toMillis(), "answered after " + tookMillis + " ms");
    } finally {
      release.countDown();
    }
  }

  @Test
  void cborSendsByteArraysAsByteStringsAndCborRawTheSerializedMessage() throws Exception {
    MessageType blob = MessageType.of("test_msgs/Blob", new Field("label", FieldType.of(Primitive.STRING)),
        new Field("data", FieldType.arrayOf(FieldType.of(Primitive.UINT8))));
    byte[] pixels = new byte[70_000];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7);
    }
    Message sent = Message.builder(blob).set("label", "frame").set("data", ByteString.fromArray(pixels)).build();
    ScriptedPublisher pub = kit.graph().publishing("/blob", blob, () -> sent);
    try (JsonSocket ws = socket()) {
      ws.send("{\"op\":\"subscribe\",\"topic\":\"/blob\",\"compression\":\"cbor\"}");
      pub.every(Duration.ofMillis(20));
      JsonNode cbor = ws.next(m -> m.has("_cbor"), WAIT);
      assertTrue(cbor.path("msg").path("data").isBinary(), "uint8[] is a CBOR byte string, not an array of numbers");
      assertArrayEquals(pixels, cbor.path("msg").path("data").binaryValue());
      assertEquals("frame", cbor.path("msg").path("label").asText());

      ws.send("{\"op\":\"unsubscribe\",\"topic\":\"/blob\"}");
      ws.send("{\"op\":\"subscribe\",\"topic\":\"/blob\",\"compression\":\"cbor-raw\"}");
      long before = System.currentTimeMillis() / 1000;
      ws.drain();
      JsonNode raw = ws.next(m -> m.has("_cbor") && m.path("msg").has("bytes"), WAIT);
      assertEquals("publish", raw.path("op").asText());
      assertEquals("/blob", raw.path("topic").asText());
      // The message as the graph carries it (ROS 1 serialization here), which the client decodes itself.
      byte[] serialized = raw.path("msg").path("bytes").binaryValue();
      assertEquals(sent, Ros1Decoder.decode(blob, ByteString.fromArray(serialized)));
      long secs = raw.path("msg").path("secs").asLong();
      assertTrue(secs >= before && secs <= before + 60, "receive time " + secs);
      assertTrue(raw.path("msg").path("nsecs").asLong() < 1_000_000_000L);

      ws.send("{\"op\":\"subscribe\",\"id\":\"png\",\"topic\":\"/blob\",\"compression\":\"png\"}");
      JsonNode refused = ws.next(m -> m.path("id").asText().equals("png"), WAIT);
      assertTrue(refused.path("msg").asText().contains("cbor-raw"), refused.toString());
    } finally {
      pub.stop();
    }
  }

  @Test
  void aClientThatStopsReadingIsCutOffAndTheOthersGoOn() throws Exception {
    GatewaySettings base = GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0);
    startGateway(base.withSendQueue(1000, 1 << 20, Duration.ofSeconds(2)));
    String blob = "y".repeat(32 * 1024);
    ScriptedPublisher pub = kit.graph().publishing("/flood", StandardTypes.STRING, () -> string(blob));
    try (JsonSocket slow = JsonSocket.connectNotReading(gateway.websocketUri()); JsonSocket fast = socket();
        JsonSocket dropping = JsonSocket.connectNotReading(gateway.websocketUri())) {
      slow.send("{\"op\":\"subscribe\",\"topic\":\"/flood\"}");
      fast.send("{\"op\":\"subscribe\",\"topic\":\"/flood\",\"queue_length\":5}");
      // Keeps one message waiting: it drops the rest and stays under the byte bound.
      dropping.send("{\"op\":\"subscribe\",\"topic\":\"/flood\",\"queue_length\":1}");
      pub.every(Duration.ofMillis(2));
      fast.next(m -> m.path("op").asText().equals("publish"), WAIT);
      slow.read();
      String why = slow.closed.get(30, TimeUnit.SECONDS);
      assertTrue(why != null, "the slow client was not cut off");
      assertTrue(gatewayCount("pyros.gateway.cut-off") >= 1, "the cut-off is counted");
      Poll.until(WAIT, "frames dropped for the client that keeps one", () -> gatewayCount("pyros.gateway.dropped") > 0);
      // The reader goes on receiving after the slow one was cut off.
      fast.drain();
      fast.next(m -> m.path("op").asText().equals("publish"), WAIT);
    } finally {
      pub.stop();
    }
  }

  private double gatewayCount(String name) {
    return meters.get(name).tag("protocol", "rosbridge").functionCounter().count();
  }

  @Test
  void portZeroTakesAFreePortOnLoopback() {
    assertTrue(gateway.port() > 0);
    assertTrue(gateway.address().getAddress().isLoopbackAddress(), gateway.address().toString());
  }
}
