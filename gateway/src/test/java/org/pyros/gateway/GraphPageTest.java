package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.testkit.EmbeddedRosBackend;
import org.pyros.testkit.PyrosTestKit;

/**
 * The graph page in headless Chromium (Debian's, driven by playwright-core from npm) against the
 * gateway in front of a Pyros node on the embedded ROS 1 master, with the rospy peer and a rospy
 * camera: the page lists the graph, counts rates, shows a message as it arrives, publishes from
 * its form what rospy echoes back, calls rospy's service, shows a param and draws the camera's
 * picture; the screenshot is left in {@code target/page.png}.
 */
class GraphPageTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private PyrosTestKit kit;
  private Gateway gateway;
  private Path scratch;

  @BeforeEach
  void start() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), "the test needs Debian's chromium: bash scripts/install-chromium.sh");
    NpmClients.install();
    scratch = Files.createTempDirectory("gateway-page-");
    kit = PyrosTestKit.embeddedRos(PyrosTestKit.EVERYTHING);
    GatewaySettings settings = GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0);
    gateway = Gateway.start(kit.system(), kit.client(), kit.node(), settings).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (kit != null) {
      kit.close();
    }
  }

  @Test
  void aPlainGetOfTheRootIsThePageAndItsAssetsAreServed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> index = http.send(HttpRequest.newBuilder(gateway.httpUri().resolve("/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, index.statusCode());
    assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), index.headers().toString());
    assertTrue(index.body().contains("<script src=\"page/page.js\">"), index.body());
    assertTrue(index.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    HttpResponse<String> script = http.send(HttpRequest.newBuilder(gateway.httpUri().resolve("/page/page.js")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, script.statusCode());
    assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"), script.headers().toString());
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(gateway.httpUri().resolve("/page/nothing.js")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
  }

  @Test
  void thePageShowsTheGraphLiveInChromium() throws Exception {
    kit.await(kit.client().setParam("/page_test/speed", 1.5));
    String master = ((EmbeddedRosBackend) kit.backend()).masterUri().toString();
    Map<String, String> rosEnv = Map.of(
        "ROS_MASTER_URI", master, "ROS_HOSTNAME", "127.0.0.1", "ROS_IP", "127.0.0.1",
        "ROS_LOG_DIR", scratch.resolve("log").toString(), "ROS_HOME", scratch.toString(), "PYTHONUNBUFFERED", "1");
    Path scripts = Path.of("src/test/resources/ros").toAbsolutePath();
    Path screenshot = Path.of("target/page.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    try (ExternalProgram peer = ExternalProgram.start("rospy peer", scratch, rosEnv, "/usr/bin/python3", scripts.resolve("peer.py").toString());
        ExternalProgram camera = ExternalProgram.start("rospy camera", scratch, rosEnv, "/usr/bin/python3", scripts.resolve("camera.py").toString())) {
      peer.awaitOutput("ready", Duration.ofSeconds(30));
      camera.awaitOutput("ready", Duration.ofSeconds(30));
      kit.await(kit.client().awaitTopic("/chatter", Duration.ofSeconds(20)));
      kit.await(kit.client().awaitTopic("/camera/image", Duration.ofSeconds(20)));
      try (ExternalProgram browser = ExternalProgram.start("graph page in chromium", NpmClients.DIR, Map.of(),
          "node", "graph-page.mjs", gateway.httpUri().resolve("/").toString(), screenshot.toString())) {
        int code = browser.awaitExit(Duration.ofSeconds(150));
        assertEquals(0, code, "the page check failed; its output:\n" + browser.output() + "\nrospy peer:\n" + peer.output());
        assertTrue(browser.output().contains("all passed"), browser.output());
      }
    }
    assertTrue(Files.size(screenshot) > 0, "no screenshot at " + screenshot);
  }
}
