package org.pyros.ros.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;

/** The client's failures as callers see them: refused, silent and trickling peers. */
class XmlRpcClientTest {
  private static final Duration TIMEOUT = Duration.ofMillis(600);
  private final XmlRpcClient client = new XmlRpcClient(TIMEOUT, TIMEOUT, XmlRpcLimits.DEFAULT);
  private ServerSocket server;
  private final CountDownLatch stop = new CountDownLatch(1);

  @AfterEach
  void close() throws IOException {
    stop.countDown();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRefusedConnectionIsUnavailable() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    XmlRpcException e = failure(URI.create("http://127.0.0.1:" + port + "/"));
    assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage());
  }

  @Test
  void aPeerThatNeverAnswersTimesOut() throws IOException {
    URI uri = serve(out -> stop.await(10, TimeUnit.SECONDS));
    XmlRpcException e = failure(uri);
    assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
  }

  @Test
  void aPeerThatAnswersAByteAtATimeTimesOutAtTheCallsDeadline() throws IOException {
    byte[] answer = ("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 200\r\n\r\n" + "x".repeat(200))
        .getBytes(StandardCharsets.US_ASCII);
    // Each byte comes well within the socket timeout; the whole answer would take 40 s.
    URI uri = serve(out -> {
      for (byte b : answer) {
        out.write(b);
        out.flush();
        if (stop.await(200, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    });
    long start = System.nanoTime();
    XmlRpcException e = failure(uri);
    assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "the call ended long after its deadline");
  }

  @Test
  void anHttpErrorIsASystemFailureNamingTheStatus() throws IOException {
    URI uri = serve(out -> out.write("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    XmlRpcException e = failure(uri);
    assertEquals(ErrorCode.SYSTEM_FAILURE, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("503"), e.getMessage());
  }

  private XmlRpcException failure(URI uri) {
    CompletionException e = assertThrows(CompletionException.class,
        () -> client.call(uri, "getPid", List.of("/test"), TIMEOUT).toCompletableFuture().join());
    return assertInstanceOf(XmlRpcException.class, e.getCause());
  }

  interface Answer {
    void write(OutputStream out) throws IOException, InterruptedException;
  }

  /** A peer that reads the request's head and answers with {@code answer}, on one connection. */
  private URI serve(Answer answer) throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket s = server.accept()) {
        s.getInputStream().read(new byte[4096]);
        answer.write(s.getOutputStream());
      } catch (IOException | InterruptedException e) {
        // the test's end closed it
      }
    }, "xmlrpc-test-peer");
    t.setDaemon(true);
    t.start();
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
  }
}
