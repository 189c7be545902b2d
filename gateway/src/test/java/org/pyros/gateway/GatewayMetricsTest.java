package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.metrics.PyrosMetrics;
import org.pyros.core.msg.StandardTypes;
import org.pyros.testkit.Poll;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.ScriptedPublisher;

/** The gateway's open connections per protocol, with the JDK's WebSocket and HTTP clients as clients. */
class GatewayMetricsTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newHttpClient();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private PyrosTestKit kit;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    kit = PyrosTestKit.inMemory();
    GatewaySettings base = GatewaySettings.fromConfig(kit.system().settings().config());
    GatewaySettings settings = new GatewaySettings(base.host(), 0, base.maxFrameBytes(), base.queueLength(), base.maxQueuedBytes(),
        base.stallTimeout(), base.maxOpenFragmented(), base.providedServiceTimeout(), base.subscribeRetry(), base.nodeName());
    PyrosMetrics metrics = new PyrosMetrics();
    metrics.bindTo(registry);
    gateway = Gateway.start(kit.system(), kit.client(), kit.node(), settings, metrics).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    kit.close();
  }

  @Test
  void countsOpenConnectionsPerProtocol() throws Exception {
    ScriptedPublisher chatter = kit.graph().publishing("/chatter", StandardTypes.STRING, () -> text("tick"));
    WebSocket rosbridge = http.newWebSocketBuilder().buildAsync(gateway.websocketUri(), new WebSocket.Listener() {})
        .get(10, TimeUnit.SECONDS);
    WebSocket foxglove = http.newWebSocketBuilder().subprotocols(org.pyros.gateway.foxglove.FoxgloveEndpoint.SUBPROTOCOL)
        .buildAsync(gateway.websocketUri(), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
    HttpResponse<InputStream> sse = http.send(
        HttpRequest.newBuilder(gateway.httpUri().resolve("/api/topics/chatter/stream")).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, sse.statusCode());
    Poll.until(WAIT, "one connection of each protocol", () -> open("rosbridge") == 1 && open("foxglove") == 1 && open("sse") == 1);

    rosbridge.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    foxglove.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    sse.body().close();
    // The server learns of a closed stream when it writes to it next.
    chatter.every(Duration.ofMillis(20));
    Poll.until(WAIT, "the rosbridge connection closed", () -> open("rosbridge") == 0);
    Poll.until(WAIT, "the foxglove connection closed", () -> open("foxglove") == 0);
    Poll.until(WAIT, "the event stream closed", () -> open("sse") == 0);

    chatter.stop();
    gateway.close();
    gateway = null;
    assertNull(registry.find("pyros.gateway.connections").gauge(), "the gauges go with the gateway");
  }

  private static org.pyros.core.msg.Message text(String data) {
    return org.pyros.core.msg.Message.builder(StandardTypes.STRING).set("data", data).build();
  }

  private double open(String protocol) {
    Gauge g = registry.find("pyros.gateway.connections").tag("protocol", protocol).gauge();
    return g == null ? -1 : g.value();
  }
}
