package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.ScriptedPublisher;

/**
 * Many idle WebSocket connections (raw sockets that upgrade and then say nothing) do not keep a
 * working client from being served, and are closed after the idle timeout while a silent client
 * with a subscription stays; broken CBOR is a status.
 */
class HostileClientsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  // 2000 take a few seconds on an idle machine; -Dgateway.idle-connections=10000 for the larger run.
  private static final int IDLE_CONNECTIONS = Integer.getInteger("gateway.idle-connections", 2000);
  // Long enough for all of them to open on a busy machine before the first is closed.
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  private static final long MAX_HEAP_PER_IDLE_CONNECTION = 256 * 1024;

  private PyrosTestKit kit;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    kit = PyrosTestKit.inMemory();
    GatewaySettings settings = GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0)
        .withIdleTimeout(IDLE_TIMEOUT);
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
    List<Socket> idle = new ArrayList<>();
    try (JsonSocket working = JsonSocket.connect(gateway.websocketUri())) {
      working.send("{\"op\":\"subscribe\",\"topic\":\"/chatter\",\"type\":\"std_msgs/String\"}");
      pub.every(Duration.ofMillis(50));
      working.next(m -> m.path("op").asText().equals("publish"), WAIT);

      long heapBefore = usedHeapAfterGc();
      long start = System.nanoTime();
      for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        idle.add(upgrade());
      }
      for (Socket s : idle) {
        assertTrue(responseHead(s).startsWith("HTTP/1.1 101"), "an idle connection was not upgraded");
      }
      long openedMillis = (System.nanoTime() - start) / 1_000_000;
      long perConnection = (usedHeapAfterGc() - heapBefore) / IDLE_CONNECTIONS;
      // Both ends live in this JVM; what an idle connection costs is bounded, it does not grow.
      assertTrue(perConnection < MAX_HEAP_PER_IDLE_CONNECTION, perConnection + " bytes of heap per idle connection");

      // With all of them open, the working client is still served: messages and a call.
      working.drain();
      working.next(m -> m.path("op").asText().equals("publish"), WAIT);
      working.send("{\"op\":\"call_service\",\"id\":\"t\",\"service\":\"/rosapi/get_time\"}");
      assertTrue(working.next(m -> m.path("id").asText().equals("t"), WAIT).path("result").asBoolean());
      long stillOpen = 0;
      for (Socket s : idle) {
        stillOpen += s.getInputStream().available() == 0 ? 1 : 0; // a closed one has its close frame waiting
      }

      // Each idle one is closed by the gateway; the working one (silent, but subscribed) stays.
      for (Socket s : idle) {
        assertTrue(closedByPeer(s, IDLE_TIMEOUT.plusSeconds(20)), "an idle connection was not closed");
      }
      working.drain();
      working.next(m -> m.path("op").asText().equals("publish"), WAIT);
      assertTrue(!working.closed.isDone(), "the subscribed client was closed: " + working.closed.getNow(""));
      System.out.println(IDLE_CONNECTIONS + " idle connections opened in " + openedMillis + " ms, "
          + perConnection + " bytes of heap each (both ends), " + stillOpen + " still open when the working client was served");
    } finally {
      pub.stop();
      for (Socket s : idle) {
        s.close();
      }
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

  /** A TCP connection that asks for a WebSocket upgrade and then sends nothing. */
  private Socket upgrade() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(gateway.address().getAddress(), gateway.port()), 10_000);
    String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + gateway.port() + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  private static String responseHead(Socket s) throws IOException {
    s.setSoTimeout(20_000);
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** True once the peer ends the connection (a close frame, then end of stream) within {@code timeout}. */
  private static boolean closedByPeer(Socket s, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] buffer = new byte[256];
    while (System.nanoTime() < deadline) {
      s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      try {
        if (s.getInputStream().read(buffer) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset by the peer
      }
    }
    return false;
  }
}
