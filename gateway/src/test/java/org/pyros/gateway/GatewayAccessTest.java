package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.gateway.access.AccessSettings;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.ScriptedPublisher;

/**
 * Tokens and origins on every protocol, on the in-memory graph with the JDK's HttpClient and
 * WebSocket: a read-only dashboard token and an operator token that may publish /cmd_vel.
 */
class GatewayAccessTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String DASHBOARD = "dashboard-secret-0123456789";
  static final String OPERATOR = "operator-secret-9876543210";
  /** Two tokens in HOCON as a user writes them; no anonymous access. */
  static final String TOKENS = """
      pyros.gateway.access.tokens = [
        { name = dashboard, token = "%s", expose { topics = ["/**"], params = ["/**"] } },
        { name = operator, token = "%s",
          expose { topics = ["/**"], services = ["/**"], params = ["/**"], publish = ["/cmd_vel"], set-params = ["/robot/**"] } }
      ]
      """.formatted(DASHBOARD, OPERATOR);

  private final HttpClient http = HttpClient.newHttpClient();
  private PyrosTestKit kit;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    kit = PyrosTestKit.inMemory();
    var config = ConfigFactory.parseString(TOKENS).withFallback(kit.system().settings().config());
    gateway = Gateway.start(kit.system(), kit.client(), kit.node(),
        GatewaySettings.fromConfig(config).withPort(0), AccessSettings.fromConfig(config))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    gateway.close();
    kit.close();
  }

  private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gateway.httpUri().resolve(path)).timeout(WAIT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static String error(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).path("error").asText();
  }

  private static int handshakeStatus(ExecutionException e) {
    assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, String.valueOf(e.getCause()));
    return ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
  }

  @Test
  void httpNeedsAValidTokenAndEachTokenReachesOnlyItsGrant() throws Exception {
    kit.graph().publishing("/chatter", StandardTypes.STRING, Message.builder(StandardTypes.STRING).set("data", "x").build());
    kit.graph().setParam("/robot/speed", 1.0);
    kit.await(kit.client().awaitTopic("/chatter", WAIT));

    HttpResponse<String> none = send("GET", "/api/topics", null, Map.of());
    assertEquals(401, none.statusCode(), none.body());
    assertEquals("UNAUTHORIZED", error(none));
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), none.headers().toString());
    assertEquals(401, send("GET", "/api/topics", null, bearer("wrong")).statusCode());

    HttpResponse<String> listed = send("GET", "/api/topics", null, bearer(DASHBOARD));
    assertEquals(200, listed.statusCode(), listed.body());
    assertTrue(listed.body().contains("/chatter"), listed.body());
    // The query parameter, for browsers' EventSource which cannot set headers.
    assertEquals(200, send("GET", "/api/topics?token=" + DASHBOARD, null, Map.of()).statusCode());

    String twist = "{\"data\": \"go\"}";
    HttpResponse<String> readOnly = send("POST", "/api/topics/cmd_vel", twist, bearer(DASHBOARD));
    assertEquals(403, readOnly.statusCode(), readOnly.body());
    assertEquals("NOT_EXPOSED", error(readOnly));
    assertEquals(403, send("PUT", "/api/params/robot/speed", "2.0", bearer(DASHBOARD)).statusCode());
    assertEquals(403, send("POST", "/api/services/anything", "{}", bearer(DASHBOARD)).statusCode());

    kit.client().publishJson("/cmd_vel", "std_msgs/String", "{\"data\": \"first\"}").toCompletableFuture().get(10, TimeUnit.SECONDS);
    HttpResponse<String> published = send("POST", "/api/topics/cmd_vel", twist, bearer(OPERATOR));
    assertEquals(202, published.statusCode(), published.body());
    assertEquals(204, send("PUT", "/api/params/robot/speed", "2.0", bearer(OPERATOR)).statusCode());
    assertEquals(Optional.of(2.0), kit.await(kit.client().param("/robot/speed")));
    assertEquals(403, send("POST", "/api/topics/chatter", twist, bearer(OPERATOR)).statusCode());

    // The page itself is static and needs no token.
    assertEquals(200, send("GET", "/", null, Map.of()).statusCode());
  }

  @Test
  void browsersFromOtherOriginsMayNotChangeStateOrOpenWebSockets() throws Exception {
    Map<String, String> evil = Map.of("Authorization", "Bearer " + OPERATOR, "Origin", "https://evil.example");
    HttpResponse<String> post = send("POST", "/api/topics/cmd_vel", "{\"data\": \"go\"}", evil);
    assertEquals(403, post.statusCode(), post.body());
    assertEquals("ORIGIN_NOT_ALLOWED", error(post));
    // Reading is not state-changing, and without CORS headers the page cannot read the answer anyway.
    assertEquals(200, send("GET", "/api/topics", null, evil).statusCode());
    // A localhost page may, on this loopback gateway (e.g. a development server).
    Map<String, String> local = Map.of("Authorization", "Bearer " + DASHBOARD, "Origin", "http://localhost:5173");
    assertEquals(403, send("PUT", "/api/params/robot/speed", "1", local).statusCode());
    assertEquals("NOT_EXPOSED", error(send("PUT", "/api/params/robot/speed", "1", local)));

    ExecutionException refused = assertThrows(ExecutionException.class, () -> JsonSocket.connect(gateway.websocketUri(),
        http, Map.of("Origin", "https://evil.example")).close());
    assertEquals(403, handshakeStatus(refused));
    try (JsonSocket same = JsonSocket.connect(gateway.websocketUri(), http,
        Map.of("Origin", "http://" + gateway.address().getHostString() + ":" + gateway.port()))) {
      same.send("{\"op\":\"auth\",\"mac\":\"" + DASHBOARD + "\",\"id\":\"a\"}");
      same.send("{\"op\":\"set_level\",\"level\":\"info\"}");
      same.send("{\"op\":\"auth\",\"mac\":\"" + DASHBOARD + "\",\"id\":\"a2\"}");
      assertTrue(same.nextStatus(WAIT).path("msg").asText().contains("authenticated as dashboard"));
    }
  }

  @Test
  void aLoopbackGatewayAnswersOnlyRequestsAddressedToALoopbackName() throws Exception {
    // DNS rebinding: a page of evil.example, its name pointed at 127.0.0.1, is "same origin".
    assertEquals("HTTP/1.1 403 Forbidden", rawStatusLine("evil.example:" + gateway.port()));
    assertEquals("HTTP/1.1 403 Forbidden", rawStatusLine("10.0.0.7"));
    assertEquals("HTTP/1.1 200 OK", rawStatusLine("127.0.0.1:" + gateway.port()));
    assertEquals("HTTP/1.1 200 OK", rawStatusLine("localhost:" + gateway.port()));
  }

  /** A GET of the topic list with that Host header, over a plain socket (HttpClient will not set Host). */
  private String rawStatusLine(String host) throws Exception {
    try (java.net.Socket socket = new java.net.Socket(gateway.address().getAddress(), gateway.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      socket.getOutputStream().write(("GET /api/topics HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + OPERATOR
          + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  @Test
  void rosbridgeRefusesEachOperationUntilAuthenticatedAndKeepsTheConnection() throws Exception {
    ScriptedPublisher pub = kit.graph().publishing("/chatter", StandardTypes.STRING,
        () -> Message.builder(StandardTypes.STRING).set("data", "hello").build());
    try (JsonSocket ws = JsonSocket.connect(gateway.websocketUri())) {
      ws.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"/chatter\",\"type\":\"std_msgs/String\"}");
      JsonNode refused = ws.nextStatus(WAIT);
      assertEquals("s1", refused.path("id").asText(), refused.toString());
      assertTrue(refused.path("msg").asText().contains("NOT_EXPOSED"), refused.toString());
      assertTrue(refused.path("msg").asText().contains("without a token"), refused.toString());

      ws.send("{\"op\":\"auth\",\"id\":\"a1\",\"mac\":\"not-a-token\",\"client\":\"\",\"dest\":\"\",\"rand\":\"\",\"t\":0,\"level\":\"\",\"end\":0}");
      JsonNode bad = ws.nextStatus(WAIT);
      assertEquals("a1", bad.path("id").asText());
      assertTrue(bad.path("msg").asText().contains("not valid"), bad.toString());

      ws.send("{\"op\":\"auth\",\"mac\":\"" + DASHBOARD + "\",\"client\":\"\",\"dest\":\"\",\"rand\":\"\",\"t\":0,\"level\":\"\",\"end\":0}");
      ws.send("{\"op\":\"subscribe\",\"id\":\"s2\",\"topic\":\"/chatter\",\"type\":\"std_msgs/String\"}");
      pub.every(Duration.ofMillis(20));
      JsonNode message = ws.next(m -> m.path("op").asText().equals("publish"), WAIT);
      assertEquals("hello", message.path("msg").path("data").asText());

      ws.send("{\"op\":\"advertise\",\"topic\":\"/cmd_vel\",\"type\":\"std_msgs/String\"}");
      ws.send("{\"op\":\"publish\",\"id\":\"p1\",\"topic\":\"/cmd_vel\",\"msg\":{\"data\":\"go\"}}");
      JsonNode readOnly = ws.next(m -> m.path("op").asText().equals("status") && m.path("id").asText().equals("p1"), WAIT);
      assertTrue(readOnly.path("msg").asText().contains("NOT_EXPOSED"), readOnly.toString());
      ws.send("{\"op\":\"advertise_service\",\"id\":\"v1\",\"service\":\"/mine\",\"type\":\"std_srvs/Trigger\"}");
      JsonNode provide = ws.next(m -> m.path("op").asText().equals("status") && m.path("id").asText().equals("v1"), WAIT);
      assertTrue(provide.path("msg").asText().contains("NOT_EXPOSED"), provide.toString());
      // Still connected and served.
      ws.drain();
      ws.next(m -> m.path("op").asText().equals("publish"), WAIT);
    } finally {
      pub.stop();
    }
  }

  @Test
  void aTokenOnTheUpgradeGrantsAtOnceAndAWrongOneIsRefused401() throws Exception {
    try (JsonSocket ws = JsonSocket.connect(gateway.websocketUri(), http, bearer(OPERATOR))) {
      ws.send("{\"op\":\"advertise\",\"topic\":\"/cmd_vel\",\"type\":\"std_msgs/String\"}");
      ws.send("{\"op\":\"publish\",\"topic\":\"/cmd_vel\",\"msg\":{\"data\":\"from the operator\"}}");
      assertEquals("from the operator", kit.expectPublished("/cmd_vel", WAIT).getString("data"));
    }
    try (JsonSocket ws = JsonSocket.connect(URI.create(gateway.websocketUri() + "/?token=" + OPERATOR))) {
      ws.send("{\"op\":\"advertise\",\"topic\":\"/cmd_vel\",\"type\":\"std_msgs/String\"}");
      ws.send("{\"op\":\"publish\",\"topic\":\"/cmd_vel\",\"msg\":{\"data\":\"by query\"}}");
      assertEquals("by query", kit.expectPublished("/cmd_vel", WAIT).getString("data"));
    }
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> JsonSocket.connect(gateway.websocketUri(), http, bearer("wrong")).close());
    assertEquals(401, handshakeStatus(refused));
  }

  @Test
  void foxgloveSeesOnlyItsGrantAndIsToldWhenItHasNoToken() throws Exception {
    kit.graph().publishing("/chatter", StandardTypes.STRING, Message.builder(StandardTypes.STRING).set("data", "x").build());
    kit.await(kit.client().awaitTopic("/chatter", WAIT));
    try (FoxgloveSocket anonymous = FoxgloveSocket.connect(gateway.websocketUri())) {
      anonymous.nextOp("serverInfo", WAIT);
      JsonNode status = anonymous.nextOp("status", WAIT);
      assertEquals(2, status.path("level").asInt(), status.toString());
      assertTrue(status.path("message").asText().contains("token"), status.toString());
      anonymous.send("{\"op\":\"getParameters\",\"parameterNames\":[\"/robot/speed\"],\"id\":\"g\"}");
      assertTrue(anonymous.nextOp("status", WAIT).path("message").asText().contains("NOT_EXPOSED"));
    }
    try (FoxgloveSocket dashboard = FoxgloveSocket.connect(URI.create(gateway.websocketUri() + "/?token=" + DASHBOARD))) {
      JsonNode advertise = dashboard.nextOp("advertise", WAIT);
      assertTrue(advertise.toString().contains("/chatter"), advertise.toString());
    }
  }
}
