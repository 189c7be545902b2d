package org.pyros.samples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pyros.cluster.app.NodeHostMain;
import org.pyros.cluster.jvm.MemberProcess;

/**
 * The web sample as it runs: a node host JVM (the cluster's NodeHostMain, its simulated robot
 * with /sim/tick and /sim/echo, topics under /private denied) and two web-worker JVMs, driven
 * over HTTP. Both workers share the host's one node.
 */
class WebWorkersJvmTest {
  static final Duration START = Duration.ofSeconds(40);
  static final ObjectMapper JSON = new ObjectMapper();
  final List<MemberProcess> jvms = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stopJvms() {
    jvms.forEach(MemberProcess::close);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void workersInTwoJvmsShareOneNodeOverHttp() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "web-jvm-logs"));
    // A one-hour tick: the simulation publishes once at start, so the latest message is ours.
    int seed = MemberProcess.freePort();
    MemberProcess host = start(MemberProcess.start("host", NodeHostMain.class, seed, seed, logs,
        List.of("-Dpyros.ask-timeout=5s", "-Dpyros.cluster.app.tick-period=1h", "-Dpyros.expose.topics.deny.0=/private/**")));
    MemberProcess workerA = start(MemberProcess.start("workerA", WebWorkerMain.class, MemberProcess.freePort(), seed, logs,
        List.of("-Dpyros.ask-timeout=5s"), "0"));
    MemberProcess workerB = start(MemberProcess.start("workerB", WebWorkerMain.class, MemberProcess.freePort(), seed, logs,
        List.of("-Dpyros.ask-timeout=5s"), "0"));
    host.awaitUp(START);
    URI a = listening(workerA);
    URI b = listening(workerB);
    workerA.awaitUp(START);
    workerB.awaitUp(START);

    // Publish on A, read the latest on B: one node behind both.
    HttpResponse<String> published = awaitStatus(202, () -> post(a, "/topics/sim/tick", "{\"data\": \"hello from A\"}"));
    assertEquals("/sim/tick", JSON.readTree(published.body()).get("published").asText());
    HttpResponse<String> latest = awaitStatus(200, () -> get(b, "/topics/sim/tick/latest"),
        r -> r.body().contains("hello from A"));
    assertEquals(JSON.readTree("{\"data\": \"hello from A\"}"), JSON.readTree(latest.body()));

    // The host's service, called through both workers.
    for (URI worker : List.of(a, b)) {
      HttpResponse<String> call = post(worker, "/services/sim/echo", "{\"data\": true}");
      assertEquals(200, call.statusCode(), call.body());
      JsonNode response = JSON.readTree(call.body());
      assertTrue(response.get("success").asBoolean(), call.body());
      assertEquals("echo from " + host.hostPort(), response.get("message").asText());
    }

    // Errors: JSON body with the node's code and the mapped status.
    assertError(get(a, "/topics/private/secret/latest"), 403, "NOT_EXPOSED");
    assertError(post(b, "/topics/private/secret", "{\"data\": \"x\"}"), 403, "NOT_EXPOSED");
    assertError(get(a, "/topics/no/such/topic/latest"), 404, "NOT_FOUND");
    assertError(post(a, "/services/no/such/service", "{}"), 404, "NOT_FOUND");
    assertError(post(a, "/topics/sim/tick", "{\"data\": 5}"), 400, "BAD_MESSAGE");
    assertError(post(b, "/services/sim/echo", "{not json"), 400, "BAD_MESSAGE");
    assertError(get(a, "/nothing"), 404, "NO_ROUTE");
    assertError(get(a, "/topics/sim/tick"), 405, "METHOD_NOT_ALLOWED");
  }

  private MemberProcess start(MemberProcess jvm) {
    jvms.add(jvm);
    return jvm;
  }

  private static URI listening(MemberProcess worker) {
    return URI.create(worker.await(0, l -> l.startsWith("LISTENING "), START, "LISTENING").substring("LISTENING ".length()));
  }

  private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertEquals(code, body.get("error").asText(), response.body());
    assertTrue(body.hasNonNull("message"), response.body());
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(URI base, String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  interface Request {
    HttpResponse<String> send() throws Exception;
  }

  private static HttpResponse<String> awaitStatus(int status, Request request) throws Exception {
    return awaitStatus(status, request, r -> true);
  }

  /**
   * Repeats a request until it answers {@code status} (and passes {@code also}): right after the
   * cluster forms, the node may still be starting (503) or not have polled its graph (404).
   */
  private static HttpResponse<String> awaitStatus(int status, Request request,
      java.util.function.Predicate<HttpResponse<String>> also) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      HttpResponse<String> r = request.send();
      if (r.statusCode() == status && also.test(r)) {
        return r;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + status + " within " + START.toSeconds() + " s; last: " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(100); // polling an HTTP endpoint until the cluster is ready
    }
  }
}
