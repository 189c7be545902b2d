package org.pyros.ros.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bound on connections per peer address: silent connections make room for callers that speak. */
class XmlRpcServerConnectionLimitsTest {
  private final List<Socket> silent = new ArrayList<>();
  private XmlRpcServer server;

  @AfterEach
  void stop() throws IOException {
    for (Socket s : silent) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void atThePeerLimitTheOldestSilentConnectionMakesRoom() throws Exception {
    server = XmlRpcServer.builder()
        .httpLimits(new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), 1000, 20, 16 * 1024))
        .start();
    server.register("echo", p -> CompletableFuture.completedFuture(p));
    for (int i = 0; i < 50; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), 5_000);
      silent.add(s);
    }
    XmlRpcClient client = new XmlRpcClient(Duration.ofSeconds(5), Duration.ofSeconds(5), XmlRpcLimits.DEFAULT);
    assertEquals(List.of("still", "here"), client.call(server.uri(), "echo", "still", "here").toCompletableFuture()
        .get(10, TimeUnit.SECONDS));
    // The newest silent connections are open, the oldest were closed to make room.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!closedByServer(silent.get(0)) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(closedByServer(silent.get(0)), "the oldest silent connection was closed");
    assertTrue(!closedByServer(silent.get(silent.size() - 1)), "the newest silent connection is still open");
  }

  private static boolean closedByServer(Socket s) {
    try {
      s.setSoTimeout(1);
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
