package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.gateway.http.HttpStatusOf;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.ScriptedPublisher;

/** Every route of the HTTP API and every error status it answers, with the JDK's HttpClient. */
class HttpApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int BODY_LIMIT = 4096;

  private final HttpClient http = HttpClient.newHttpClient();
  private final CountDownLatch release = new CountDownLatch(1);
  private PyrosTestKit kit;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    NameFilter allButSecret = NameFilter.of(List.of("/**"), List.of("/secret/**"));
    kit = PyrosTestKit.inMemory(new Exposure(allButSecret, allButSecret, allButSecret));
    GatewaySettings base = GatewaySettings.fromConfig(kit.system().settings().config());
    GatewaySettings settings = new GatewaySettings(base.host(), 0, BODY_LIMIT, base.queueLength(), base.maxQueuedBytes(),
        base.stallTimeout(), base.maxOpenFragmented(), base.providedServiceTimeout(), base.subscribeRetry(), base.nodeName());
    gateway = Gateway.start(kit.system(), kit.client(), kit.node(), settings).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    release.countDown();
    gateway.close();
    kit.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gateway.httpUri().resolve(path)).timeout(WAIT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(int status, HttpResponse<String> r) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  private void error(int status, String code, HttpResponse<String> r) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode body = JSON.readTree(r.body());
    assertEquals(code, body.path("error").asText(), r.body());
    assertTrue(!body.path("message").asText().isEmpty(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
  }

  private static Message string(String data) {
    return Message.builder(StandardTypes.STRING).set("data", data).build();
  }

  @Test
  void topics() throws Exception {
    ScriptedPublisher pose = kit.graph().publishing("/robot/pose", StandardTypes.POSE2D);
    kit.graph().subscribing("/robot/cmd", StandardTypes.STRING, m -> {});
    kit.graph().publishing("/secret/plan", StandardTypes.STRING);
    JsonNode list = ok(200, send("GET", "/api/topics", null));
    assertTrue(list.toString().contains("{\"name\":\"/robot/pose\",\"type\":\"geometry_msgs/Pose2D\"}"), list.toString());
    assertTrue(!list.toString().contains("/secret"), list.toString());
    assertEquals("geometry_msgs/Pose2D", ok(200, send("GET", "/api/topics/robot/pose", null)).path("type").asText());

    error(404, "NO_MESSAGE", send("GET", "/api/topics/robot/pose/latest", null));
    pose.publish(Message.builder(StandardTypes.POSE2D).set("x", 1.5).build());
    long deadline = System.nanoTime() + WAIT.toNanos();
    HttpResponse<String> latest;
    while ((latest = send("GET", "/api/topics/robot/pose/latest", null)).statusCode() == 404 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(1.5, ok(200, latest).path("x").asDouble());

    JsonNode published = ok(202, send("POST", "/api/topics/robot/cmd", "{\"data\":\"go\"}"));
    assertEquals("/robot/cmd", published.path("published").asText());
    assertEquals("go", kit.expectPublished("/robot/cmd", WAIT).getString("data"));

    error(400, "BAD_MESSAGE", send("POST", "/api/topics/robot/cmd", "{\"speed\":1}"));
    error(400, "BAD_MESSAGE", send("POST", "/api/topics/robot/cmd", "{not json"));
    error(403, "NOT_EXPOSED", send("POST", "/api/topics/secret/plan", "{\"data\":\"x\"}"));
    error(403, "NOT_EXPOSED", send("GET", "/api/topics/secret/plan/latest", null));
    error(404, "NOT_FOUND", send("GET", "/api/topics/nobody/latest", null));
    error(404, "NOT_FOUND", send("POST", "/api/topics/nobody", "{}"));
    error(405, "METHOD_NOT_ALLOWED", send("DELETE", "/api/topics", null));
    error(405, "METHOD_NOT_ALLOWED", send("PUT", "/api/topics/robot/cmd", "{}"));
    error(413, "TOO_LARGE", send("POST", "/api/topics/robot/cmd", "{\"data\":\"" + "z".repeat(BODY_LIMIT * 2) + "\"}"));
  }

  @Test
  void topicStreamIsServerSentEvents() throws Exception {
    ScriptedPublisher chatter = kit.graph().publishing("/chatter", StandardTypes.STRING, () -> string("tick"));
    kit.graph().publishing("/secret/chatter", StandardTypes.STRING);
    HttpRequest request = HttpRequest.newBuilder(gateway.httpUri().resolve("/api/topics/chatter/stream")).GET().build();
    HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    chatter.every(Duration.ofMillis(20));
    try (Stream<String> lines = r.body()) {
      String data = lines.filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
      assertEquals("tick", JSON.readTree(data.substring("data: ".length())).path("data").asText());
    } finally {
      chatter.stop();
    }
    error(403, "NOT_EXPOSED", send("GET", "/api/topics/secret/chatter/stream", null));
    error(404, "NOT_FOUND", send("GET", "/api/topics/nobody/stream", null));
  }

  @Test
  void services() throws Exception {
    kit.graph().serving("/robot/flag", StandardTypes.SET_BOOL, r -> Message.builder(StandardTypes.SET_BOOL.response())
        .set("success", r.getBool("data")).set("message", "flag " + r.getBool("data")).build());
    kit.graph().serving("/robot/broken", StandardTypes.TRIGGER, r -> {
      throw new IllegalStateException("the robot is broken");
    });
    kit.graph().serving("/robot/slow", StandardTypes.TRIGGER, r -> {
      try {
        release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Message.builder(StandardTypes.TRIGGER.response()).build();
    });
    kit.graph().serving("/secret/launch", StandardTypes.TRIGGER, r -> Message.builder(StandardTypes.TRIGGER.response()).build());

    JsonNode list = ok(200, send("GET", "/api/services", null));
    assertTrue(list.toString().contains("/robot/flag"), list.toString());
    assertTrue(!list.toString().contains("/secret"), list.toString());
    assertEquals("std_srvs/SetBool", ok(200, send("GET", "/api/services/robot/flag", null)).path("type").asText());

    JsonNode answer = ok(200, send("POST", "/api/services/robot/flag", "{\"data\":true}"));
    assertEquals("flag true", answer.path("message").asText());
    assertEquals("flag false", ok(200, send("POST", "/api/services/robot/flag", "")).path("message").asText());

    error(400, "BAD_MESSAGE", send("POST", "/api/services/robot/flag", "{\"data\":\"yes\"}"));
    error(502, "SERVICE_FAILED", send("POST", "/api/services/robot/broken", "{}"));
    error(504, "TIMEOUT", send("POST", "/api/services/robot/slow?timeout=0.2", "{}"));
    error(400, "BAD_REQUEST", send("POST", "/api/services/robot/flag?timeout=soon", "{}"));
    error(403, "NOT_EXPOSED", send("POST", "/api/services/secret/launch", "{}"));
    error(404, "NOT_FOUND", send("POST", "/api/services/nobody", "{}"));
    error(405, "METHOD_NOT_ALLOWED", send("DELETE", "/api/services/robot/flag", null));
  }

  @Test
  void params() throws Exception {
    kit.graph().setParam("/robot/speed", 1.5);
    assertTrue(ok(200, send("GET", "/api/params", null)).toString().contains("/robot/speed"));
    assertEquals(1.5, ok(200, send("GET", "/api/params/robot/speed", null)).asDouble());

    assertEquals(null, ok(204, send("PUT", "/api/params/robot/config", "{\"max\":2,\"name\":\"r1\"}")));
    assertEquals(Map.of("max", 2, "name", "r1"), kit.expectParam("/robot/config", WAIT));
    assertEquals("r1", ok(200, send("GET", "/api/params/robot/config", null)).path("name").asText());
    assertEquals(2, ok(200, send("GET", "/api/params/robot/config/max", null)).asInt());

    assertEquals(null, ok(204, send("DELETE", "/api/params/robot/config", null)));
    error(404, "NOT_FOUND", send("GET", "/api/params/robot/config", null));
    error(400, "BAD_REQUEST", send("PUT", "/api/params/robot/x", "{broken"));
    error(403, "NOT_EXPOSED", send("PUT", "/api/params/secret/key", "1"));
    error(403, "NOT_EXPOSED", send("GET", "/api/params/secret/key", null));
    error(405, "METHOD_NOT_ALLOWED", send("POST", "/api/params/robot/x", "1"));
  }

  @Test
  void openApiAndUnknownRoutes() throws Exception {
    JsonNode doc = ok(200, send("GET", "/api/openapi.json", null));
    assertTrue(doc.path("openapi").asText().startsWith("3."));
    for (String path : List.of("/api/topics", "/api/topics/{name}", "/api/topics/{name}/latest", "/api/topics/{name}/stream",
        "/api/services", "/api/services/{name}", "/api/params", "/api/params/{name}")) {
      assertTrue(doc.path("paths").has(path), path);
    }
    error(404, "NO_ROUTE", send("GET", "/api/robots", null));
    error(405, "METHOD_NOT_ALLOWED", send("POST", "/api/openapi.json", "{}"));
  }

  @Test
  void everyErrorCodeHasAStatus() {
    Map<ErrorCode, Integer> expected = Map.of(ErrorCode.NOT_EXPOSED, 403, ErrorCode.NOT_FOUND, 404, ErrorCode.UNKNOWN_TYPE, 502,
        ErrorCode.BAD_MESSAGE, 400, ErrorCode.SERVICE_FAILED, 502, ErrorCode.TIMEOUT, 504, ErrorCode.UNAVAILABLE, 503,
        ErrorCode.SYSTEM_FAILURE, 502, ErrorCode.OVERLOADED, 503);
    assertEquals(ErrorCode.values().length, expected.size());
    expected.forEach((code, status) -> assertEquals(status, HttpStatusOf.code(code), code.name()));
  }

  @Test
  void unavailableNodeIsServiceUnavailable() throws Exception {
    // A gateway whose client's node has stopped: requests fail UNAVAILABLE or TIMEOUT, never hang.
    var deadNode = kit.actorTestKit().<org.pyros.core.node.PyrosNode.Command>createTestProbe();
    deadNode.stop();
    var client = org.pyros.core.client.ActorPyrosClient.create(kit.system(), deadNode.ref(), Duration.ofMillis(300));
    GatewaySettings settings = GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0);
    try (Gateway dead = Gateway.start(kit.system(), client, deadNode.ref(), settings).toCompletableFuture().get(10, TimeUnit.SECONDS)) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dead.httpUri() + "/api/topics")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(r.statusCode() == 503 || r.statusCode() == 504, r.statusCode() + " " + r.body());
    }
  }
}
