package org.pyros.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
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
 * A rosbridge client on the JDK's WebSocket, for protocol tests: sends JSON text, receives text
 * and CBOR frames as JSON trees (a CBOR frame gets a member {@code "_cbor": true}). With {@code
 * reading} false it takes no frame until {@link #read} is called, as a client that stops reading.
 */
final class JsonSocket implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORMapper CBOR = new CBORMapper();

  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private JsonSocket(URI uri, boolean reading) throws Exception {
    this(uri, reading, HttpClient.newHttpClient(), java.util.Map.of());
  }

  private JsonSocket(URI uri, boolean reading, HttpClient client, java.util.Map<String, String> headers) throws Exception {
    WebSocket.Builder builder = client.newWebSocketBuilder();
    headers.forEach(builder::header);
    socket = builder.buildAsync(uri, new WebSocket.Listener() {
      private StringBuilder text = new StringBuilder();
      private java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

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
          add(() -> JSON.readTree(text.toString()));
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
          byte[] all = bytes.toByteArray();
          add(() -> ((com.fasterxml.jackson.databind.node.ObjectNode) CBOR.readTree(all)).put("_cbor", true));
          bytes = new java.io.ByteArrayOutputStream();
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

  private interface Parse {
    JsonNode parse() throws IOException;
  }

  private void add(Parse parse) {
    try {
      received.add(parse.parse());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonSocket connect(URI uri) throws Exception {
    return new JsonSocket(uri, true);
  }

  /** A client on {@code client} (e.g. one trusting a test certificate) sending {@code headers} with its upgrade. */
  static JsonSocket connect(URI uri, HttpClient client, java.util.Map<String, String> headers) throws Exception {
    return new JsonSocket(uri, true, client, headers);
  }

  /** A client that reads nothing until {@link #read}. */
  static JsonSocket connectNotReading(URI uri) throws Exception {
    return new JsonSocket(uri, false);
  }

  /** Starts reading (of a client connected not reading). */
  void read() {
    socket.request(1);
  }

  void send(String text) throws Exception {
    socket.sendText(text, true).get(10, TimeUnit.SECONDS);
  }

  void sendBinary(byte[] bytes) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
  }

  /** The next received message that matches, skipping others; fails after {@code timeout}. */
  JsonNode next(Predicate<JsonNode> matching, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> skipped = new ArrayList<>();
    while (true) {
      JsonNode m = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("no matching message within " + timeout.toMillis() + " ms; received " + skipped);
      }
      if (matching.test(m)) {
        return m;
      }
      if (skipped.size() < 20) {
        skipped.add(m);
      }
    }
  }

  /** The next status message. */
  JsonNode nextStatus(Duration timeout) throws InterruptedException {
    return next(m -> m.path("op").asText().equals("status"), timeout);
  }

  /** Everything received and not taken yet. */
  List<JsonNode> drain() {
    List<JsonNode> out = new ArrayList<>();
    received.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    socket.abort();
  }
}
