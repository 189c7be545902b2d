package org.pyros.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros.master.EmbeddedMaster;

/** {@code pyros gateway} on the embedded master: it serves the HTTP API with its exposure, and stops when interrupted. */
class CliGatewayTest {
  private EmbeddedMaster master;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startMaster() throws Exception {
    master = EmbeddedMaster.builder().port(0).start();
  }

  @AfterEach
  void stopMaster() {
    master.close();
  }

  @Test
  void servesTheGraphWithItsExposureUntilInterrupted() throws Exception {
    try (ServingCli cli = ServingCli.start("gateway", "--port", "0", "--expose", "/cli_gw/**",
        "--master", master.uri().toString())) {
      URI base = cli.awaitGatewayHttp(Duration.ofSeconds(30));
      assertTrue(cli.out().contains("rosbridge: ws://127.0.0.1:"), cli.toString());

      HttpResponse<String> set = send(HttpRequest.newBuilder(base.resolve("/api/params/cli_gw/rate"))
          .PUT(HttpRequest.BodyPublishers.ofString("12.5")));
      assertEquals(204, set.statusCode(), set.body());
      HttpResponse<String> get = send(HttpRequest.newBuilder(base.resolve("/api/params/cli_gw/rate")));
      assertEquals("12.5", get.body());
      HttpResponse<String> hidden = send(HttpRequest.newBuilder(base.resolve("/api/params/run_id")));
      assertEquals(403, hidden.statusCode(), hidden.body());

      assertEquals(130, cli.interrupt(Duration.ofSeconds(30)), cli.toString());
      assertThrows(java.io.IOException.class, () -> send(HttpRequest.newBuilder(base.resolve("/api/topics"))));
    }
  }

  @Test
  void aBadPortIsAUsageError() {
    CliRun run = CliRun.run("gateway", "--port", "70000", "--master", master.uri().toString());
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.oneErrorLine(), run.toString());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
