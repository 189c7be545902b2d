package org.pyros.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.peer.RosPeer;

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
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread cli = new Thread(() -> exit.set(PyrosCli.run(new String[] {"gateway", "--port", "0", "--expose", "/cli_gw/**",
        "--master", master.uri().toString()}, new PrintWriter(out, true), new PrintWriter(err, true))), "pyros gateway");
    cli.start();
    try {
      RosPeer.await("the gateway's address on stdout", Duration.ofSeconds(30),
          () -> out.toString().contains("HTTP: ") || !cli.isAlive());
      String line = out.toString().lines().filter(l -> l.startsWith("HTTP: ")).findFirst()
          .orElseThrow(() -> new AssertionError("no address; stdout:\n" + out + "\nstderr:\n" + err));
      URI base = URI.create(line.substring("HTTP: ".length(), line.indexOf("/api")));
      assertTrue(out.toString().contains("rosbridge: ws://127.0.0.1:"), out.toString());

      HttpResponse<String> set = send(HttpRequest.newBuilder(base.resolve("/api/params/cli_gw/rate"))
          .PUT(HttpRequest.BodyPublishers.ofString("12.5")));
      assertEquals(204, set.statusCode(), set.body());
      HttpResponse<String> get = send(HttpRequest.newBuilder(base.resolve("/api/params/cli_gw/rate")));
      assertEquals("12.5", get.body());
      HttpResponse<String> hidden = send(HttpRequest.newBuilder(base.resolve("/api/params/run_id")));
      assertEquals(403, hidden.statusCode(), hidden.body());

      cli.interrupt();
      cli.join(Duration.ofSeconds(30).toMillis());
      assertEquals(130, exit.get(), "stdout:\n" + out + "\nstderr:\n" + err);
      assertThrows(java.io.IOException.class, () -> send(HttpRequest.newBuilder(base.resolve("/api/topics"))));
    } finally {
      cli.interrupt();
      cli.join(Duration.ofSeconds(30).toMillis());
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
