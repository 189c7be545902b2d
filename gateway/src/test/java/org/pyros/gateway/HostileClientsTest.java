package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.ScriptedPublisher;

/**
 * Ten thousand idle WebSocket connections (raw sockets of another process that upgrade and then
 * say nothing) do not keep a working client from being served, and are closed after the idle
 * timeout while a silent client with a subscription stays; broken CBOR is a status.
 */
class HostileClientsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  // In a Python process of their own: this JVM holds only the gateway's ends (file descriptors).
  private static final int IDLE_CONNECTIONS = Integer.getInteger("gateway.idle-connections", 10_000);
  private static final Path IDLE_CLIENTS = Path.of("src/test/resources/idle_clients.py").toAbsolutePath();
  // Long enough for all of them to open on a busy machine before the first is closed.
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(45);
  private static final long MAX_HEAP_PER_IDLE_CONNECTION = 256 * 1024;

  private PyrosTestKit kit;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    kit = PyrosTestKit.inMemory();
    com.typesafe.config.Config config = com.typesafe.config.ConfigFactory
        .parseString("pyros.gateway.max-connections = " + (IDLE_CONNECTIONS + 100)).withFallback(kit.system().settings().config());
    GatewaySettings settings = GatewaySettings.fromConfig(config).withPort(0).withIdleTimeout(IDLE_TIMEOUT);
    gateway = Gateway.start(kit.system(), kit.client(), kit.node(), settings).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    gateway.close();
    kit.close();
  }

  @Test
  void manyIdleConnectionsAreClosedAfterTheIdleTimeoutAndAWorkingClientIsServedThroughout() throws Exception {
    ScriptedPublisher pub = kit.graph().publishing("/chatter", StandardTypes.STRING,
        () -> Message.builder(StandardTypes.STRING).set("data", "hello").build());
    try (JsonSocket working = JsonSocket.connect(gateway.websocketUri())) {
      working.send("{\"op\":\"subscribe\",\"topic\":\"/chatter\",\"type\":\"std_msgs/String\"}");
      pub.every(Duration.ofMillis(50));
      working.next(m -> m.path("op").asText().equals("publish"), WAIT);

      long heapBefore = usedHeapAfterGc();
      long start = System.nanoTime();
      try (ExternalProgram idle = ExternalProgram.start("idle clients", IDLE_CLIENTS.getParent(), Map.of(), "python3",
          IDLE_CLIENTS.toString(), gateway.address().getAddress().getHostAddress(), Integer.toString(gateway.port()),
          Integer.toString(IDLE_CONNECTIONS), Long.toString(IDLE_TIMEOUT.plusSeconds(30).toSeconds()))) {
        idle.awaitOutput("upgraded " + IDLE_CONNECTIONS, Duration.ofSeconds(90));
        long openedMillis = (System.nanoTime() - start) / 1_000_000;
        long perConnection = (usedHeapAfterGc() - heapBefore) / IDLE_CONNECTIONS;
        assertTrue(perConnection < MAX_HEAP_PER_IDLE_CONNECTION, perConnection + " bytes of heap per idle connection");

        // With all of them open, the working client is still served: messages and a call.
        working.drain();
        working.next(m -> m.path("op").asText().equals("publish"), WAIT);
        working.send("{\"op\":\"call_service\",\"id\":\"t\",\"service\":\"/rosapi/get_time\"}");
        assertTrue(working.next(m -> m.path("id").asText().equals("t"), WAIT).path("result").asBoolean());

        // Each idle one is closed by the gateway; the working one (silent, but subscribed) stays.
        assertEquals(0, idle.awaitExit(IDLE_TIMEOUT.plusSeconds(60)), idle.output());
        assertTrue(idle.output().contains("closed " + IDLE_CONNECTIONS), idle.output());
        working.drain();
        working.next(m -> m.path("op").asText().equals("publish"), WAIT);
        assertTrue(!working.closed.isDone(), "the subscribed client was closed: " + working.closed.getNow(""));
        System.out.println(IDLE_CONNECTIONS + " idle connections opened in " + openedMillis + " ms, "
            + perConnection + " bytes of the gateway's heap each; the clients said:\n" + idle.output());
      }
    } finally {
      pub.stop();
    }
  }

  @Test
  void brokenCborIsAStatusAndTheConnectionGoesOn() throws Exception {
    try (JsonSocket ws = JsonSocket.connect(gateway.websocketUri())) {
      ws.sendBinary(new byte[] {(byte) 0xbf, 0x61, 0x6f}); // an indefinite map cut short
      JsonNode status = ws.nextStatus(WAIT);
      assertTrue(status.path("msg").asText().contains("not CBOR"), status.toString());
      ws.send("{\"op\":\"call_service\",\"id\":\"t\",\"service\":\"/rosapi/get_time\"}");
      assertTrue(ws.next(m -> m.path("id").asText().equals("t"), WAIT).path("result").asBoolean());
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
