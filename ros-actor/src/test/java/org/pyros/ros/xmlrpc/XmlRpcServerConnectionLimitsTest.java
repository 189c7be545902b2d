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
        .httpLimits(new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), 1000, 20, 16 * 1024, 64L << 20))
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

  @Test
  void requestsThatWouldHoldMoreThanTheBudgetAreAnswered503AndOthersGoOn() throws Exception {
    server = XmlRpcServer.builder()
        .httpLimits(new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), 1000, 100, 16 * 1024, 1 << 20))
        .start();
    server.register("echo", p -> CompletableFuture.completedFuture(p));
    // Four requests announce 1 MiB each and send 600 KiB of it: together more than the 1 MiB budget.
    byte[] part = new byte[600 * 1024];
    java.util.Arrays.fill(part, (byte) ' ');
    for (int i = 0; i < 4; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), 5_000);
      silent.add(s);
      s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + (1 << 20) + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().write(part);
      s.getOutputStream().flush();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      for (Socket s : silent) {
        refused |= answered503(s);
      }
    }
    assertTrue(refused, "a request past the budget was answered 503");
    XmlRpcClient client = new XmlRpcClient(Duration.ofSeconds(5), Duration.ofSeconds(5), XmlRpcLimits.DEFAULT);
    assertEquals(List.of("small"), client.call(server.uri(), "echo", "small").toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  private static boolean answered503(Socket s) {
    try {
      s.setSoTimeout(1);
      byte[] b = new byte[12];
      int n = s.getInputStream().readNBytes(b, 0, 12);
      return n == 12 && new String(b, java.nio.charset.StandardCharsets.US_ASCII).equals("HTTP/1.1 503");
    } catch (IOException e) {
      return false;
    }
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
