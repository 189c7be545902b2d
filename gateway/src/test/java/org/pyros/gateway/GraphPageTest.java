package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The graph page in headless Chromium (Debian's, driven by playwright-core from npm) against the
 * gateway in front of a Pyros node on the embedded ROS 1 master, with the rospy peer and a rospy
 * camera: the page lists the graph, counts rates, shows a message as it arrives, publishes from
 * its form what rospy echoes back, calls rospy's service, shows a param and draws the camera's
 * picture; the screenshot is left in {@code target/page.png}.
 */
class GraphPageTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private RospyGateway ros;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), "the test needs Debian's chromium: bash scripts/install-chromium.sh");
    ros = RospyGateway.start();
    gateway = ros.gateway;
  }

  @AfterEach
  void stop() {
    if (ros != null) {
      ros.close();
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
    ros.kit.await(ros.kit.client().setParam("/page_test/speed", 1.5));
    Path screenshot = Path.of("target/page.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    try (ExternalProgram peer = ros.rospy("peer.py"); ExternalProgram camera = ros.rospy("camera.py")) {
      ros.awaitTopic("/chatter");
      ros.awaitTopic("/camera/image");
      ros.runClient("the graph page in chromium", "graph-page.mjs", peer, gateway.httpUri().resolve("/").toString(),
          screenshot.toString());
    }
    assertTrue(Files.size(screenshot) > 0, "no screenshot at " + screenshot);
  }
}
