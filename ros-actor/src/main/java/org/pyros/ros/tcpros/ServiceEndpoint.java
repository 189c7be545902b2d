package org.pyros.ros.tcpros;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service served on a {@link TcprosServer}: answers each request frame with an ok byte and the
 * handler's response, or ok byte 0 and the failure's text, in order, on the thread of the
 * client's {@link TcprosConnection} ({@link TcprosListener}). Created by
 * {@link TcprosServer#registerService}.
 */
public final class ServiceEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceEndpoint.class);

  /** How long a non-persistent connection stays open after its answer, for the client to close it. */
  static final Duration NON_PERSISTENT_LINGER = Duration.ofSeconds(2);
  /**
   * Longest wait for one answer of the handler. The handlers Pyros registers answer within the
   * service timeout; this bounds a handler that never answers, which would otherwise keep the
   * connection and its thread for good.
   */
  static final Duration ANSWER_LIMIT = Duration.ofMinutes(5);

  private final TcprosServer server;
  private final ServiceSpec spec;
  private final ServiceRequestHandler handler;
  private final Set<TcprosConnection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ServiceEndpoint(TcprosServer server, ServiceSpec spec, ServiceRequestHandler handler) {
    this.server = server;
    this.spec = spec;
    this.handler = handler;
  }

  public ServiceSpec spec() {
    return spec;
  }

  /** Stops serving: unregisters from the server and closes open (persistent) connections. */
  @Override
  public void close() {
    closed = true;
    server.removeService(this);
    connections.forEach(TcprosConnection::close);
  }

  /**
   * Serves a client whose header asks for this service until the connection ends: one call, or
   * calls one after the other on a persistent connection.
   */
  void serve(TcprosConnection connection) throws IOException {
    if (!connection.acceptServiceClient(server.callerId(), spec)) {
      return;
    }
    Map<String, String> header = connection.peerHeader();
    if ("1".equals(header.get(ConnectionHeader.PROBE))) {
      return;
    }
    String p = header.getOrDefault(ConnectionHeader.PERSISTENT, "0");
    boolean persistent = p.equals("1") || p.equalsIgnoreCase("true");
    connections.add(connection);
    try {
      do {
        byte[] request;
        try {
          request = connection.readFrame("service request");
        } catch (EOFException e) {
          return; // the client is done
        }
        if (closed) {
          return;
        }
        answer(connection, ByteString.fromArrayUnsafe(request));
      } while (persistent);
      // One call: the client closes the connection once it has the answer; we close it only if
      // it has not after NON_PERSISTENT_LINGER.
      connection.awaitPeerClose(NON_PERSISTENT_LINGER);
    } finally {
      connections.remove(connection);
    }
  }

  /** Writes the handler's answer to one request: ok byte 1 and the response, or 0 and why not. */
  private void answer(TcprosConnection connection, ByteString request) throws IOException {
    ByteString body;
    boolean ok;
    try {
      CompletionStage<ByteString> response = handler.handle(request);
      body = response == null ? null : await(response.toCompletableFuture(), connection);
      ok = body != null;
      if (!ok) {
        body = text("handler returned no response");
      }
    } catch (ExecutionException | RuntimeException e) {
      ok = false;
      body = text(errorText(e));
    } catch (TimeoutException e) {
      ok = false;
      body = text("no answer from the service handler within " + ANSWER_LIMIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the service handler", e);
    }
    if (!ok) {
      log.debug("Service {} failed: {}", spec.service(), body.utf8String());
    }
    ByteBuffer prefix = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) (ok ? 1 : 0)).putInt(body.size()).flip();
    connection.write(prefix, body.asByteBuffer());
  }

  /**
   * The handler's answer, waited for in slices so that closing the endpoint or the server (which
   * closes the connection) frees the thread within a second.
   */
  private static ByteString await(CompletableFuture<ByteString> response, TcprosConnection connection)
      throws ExecutionException, InterruptedException, TimeoutException, IOException {
    long deadline = System.nanoTime() + ANSWER_LIMIT.toNanos();
    while (true) {
      try {
        return response.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        if (!connection.isOpen()) {
          throw new IOException("connection closed while the service handler was busy");
        }
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private static ByteString text(String s) {
    return ByteString.fromString(s, StandardCharsets.UTF_8);
  }

  private static String errorText(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }
}
