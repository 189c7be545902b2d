package org.pyros.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Foxglove WebSocket client on the JDK's WebSocket, for protocol tests: asks for the
 * {@code foxglove.websocket.v1} subprotocol, receives JSON operations as trees and binary frames
 * as {@link Binary}. With {@code reading} false it takes nothing until {@link #read}.
 */
final class FoxgloveSocket implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A binary frame from the server, little-endian as the protocol says. */
  record Binary(byte[] bytes) {
    int opcode() {
      return bytes[0] & 0xff;
    }

    ByteBuffer buffer() {
      return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private FoxgloveSocket(URI uri, boolean reading, String subprotocol, String... others) throws Exception {
    socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(subprotocol, others)
        .buildAsync(uri, new WebSocket.Listener() {
          private StringBuilder text = new StringBuilder();
          private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

          @Override
          public void onOpen(WebSocket ws) {
            if (reading) {
              ws.request(1);
            }
          }

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              try {
                received.add(JSON.readTree(text.toString()));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              text = new StringBuilder();
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            bytes.write(chunk, 0, chunk.length);
            if (last) {
              received.add(new Binary(bytes.toByteArray()));
              bytes = new ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            closed.complete("error " + error);
          }
        }).get(10, TimeUnit.SECONDS);
  }

  static FoxgloveSocket connect(URI uri) throws Exception {
    return new FoxgloveSocket(uri, true, "foxglove.websocket.v1");
  }

  /** Offering these subprotocols, in this order of preference. */
  static FoxgloveSocket connectOffering(URI uri, String subprotocol, String... others) throws Exception {
    return new FoxgloveSocket(uri, true, subprotocol, others);
  }

  static FoxgloveSocket connectNotReading(URI uri) throws Exception {
    return new FoxgloveSocket(uri, false, "foxglove.websocket.v1");
  }

  /** The subprotocol the server chose. */
  String subprotocol() {
    return socket.getSubprotocol();
  }

  void read() {
    socket.request(1);
  }

  void send(String text) throws Exception {
    socket.sendText(text, true).get(10, TimeUnit.SECONDS);
  }

  void sendBinary(byte[] bytes) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
  }

  /** The next JSON operation that matches, skipping others; fails after {@code timeout}. */
  JsonNode next(Predicate<JsonNode> matching, Duration timeout) throws InterruptedException {
    return (JsonNode) nextOf(o -> o instanceof JsonNode n && matching.test(n), timeout);
  }

  /** The next operation named {@code op}. */
  JsonNode nextOp(String op, Duration timeout) throws InterruptedException {
    return next(n -> n.path("op").asText().equals(op), timeout);
  }

  /** The next binary frame that matches. */
  Binary nextBinary(Predicate<Binary> matching, Duration timeout) throws InterruptedException {
    return (Binary) nextOf(o -> o instanceof Binary b && matching.test(b), timeout);
  }

  private Object nextOf(Predicate<Object> matching, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Object> skipped = new ArrayList<>();
    while (true) {
      Object m = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("no matching message within " + timeout.toMillis() + " ms; received " + skipped);
      }
      if (matching.test(m)) {
        return m;
      }
      if (skipped.size() < 20) {
        skipped.add(m instanceof Binary b ? "binary opcode " + b.opcode() + " of " + b.bytes().length : m);
      }
    }
  }

  List<Object> drain() {
    List<Object> out = new ArrayList<>();
    received.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    socket.abort();
  }
}
