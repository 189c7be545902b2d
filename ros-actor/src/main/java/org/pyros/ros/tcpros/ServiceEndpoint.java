package org.pyros.ros.tcpros;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * handler's response, or ok byte 0 and the failure's text, in order, on the connection's own
 * thread ({@link TcprosListener}). Created by {@link TcprosServer#registerService}.
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
  private final ByteString replyHeader;
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ServiceEndpoint(TcprosServer server, ServiceSpec spec, ServiceRequestHandler handler) {
    this.server = server;
    this.spec = spec;
    this.handler = handler;
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, server.callerId());
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.put(ConnectionHeader.REQUEST_TYPE, spec.requestType());
    h.put(ConnectionHeader.RESPONSE_TYPE, spec.responseType());
    h.put(ConnectionHeader.TYPE, spec.type());
    this.replyHeader = ConnectionHeader.encode(h);
  }

  public ServiceSpec spec() {
    return spec;
  }

  /** Stops serving: unregisters from the server and closes open (persistent) connections. */
  @Override
  public void close() {
    closed = true;
    server.removeService(this);
    connections.forEach(TcprosServer::closeQuietly);
  }

  /**
   * Serves a client whose header asks for this service until the connection ends: one call, or
   * calls one after the other on a persistent connection. {@code in} reads the connection from
   * where the header ended.
   */
  void serve(Map<String, String> header, SocketChannel channel, InputStream in, String peer) throws IOException {
    String md5 = header.get(ConnectionHeader.MD5SUM);
    String callerId = header.get(ConnectionHeader.CALLERID);
    if (md5 == null || callerId == null) {
      Refusal.refuse(channel, "Missing required '" + (md5 == null ? "md5sum" : "callerid") + "' field");
      return;
    }
    if (!md5.equals(ConnectionHeader.ANY_MD5SUM) && !md5.equals(spec.md5sum())) {
      Refusal.refuse(channel, "request from [" + callerId + "]: md5sums do not match: [" + md5 + "] vs. ["
          + spec.md5sum() + "]");
      return;
    }
    TcprosServer.writeFully(channel, replyHeader);
    if ("1".equals(header.get(ConnectionHeader.PROBE))) {
      return;
    }
    String p = header.getOrDefault(ConnectionHeader.PERSISTENT, "0");
    boolean persistent = p.equals("1") || p.equalsIgnoreCase("true");
    connections.add(channel);
    try {
      do {
        byte[] request;
        try {
          request = Frames.readFrameAsItArrives(in, server.maxFrameBytes(), "service request", peer);
        } catch (EOFException e) {
          return; // the client is done
        }
        if (closed) {
          return;
        }
        answer(channel, ByteString.fromArrayUnsafe(request));
      } while (persistent);
      // One call. The client closes the connection once it has the answer; we close it only if
      // it has not after NON_PERSISTENT_LINGER. Closing right after the answer would race it:
      // roscpp drops a connection whose close it sees before it reads the answer.
      channel.socket().setSoTimeout((int) NON_PERSISTENT_LINGER.toMillis());
      try {
        while (in.read() >= 0) {
          // a one-shot client has nothing more to say; ignore it until it closes
        }
      } catch (SocketTimeoutException e) {
        // it did not close in time: we do
      }
    } finally {
      connections.remove(channel);
    }
  }

  /** Writes the handler's answer to one request: ok byte 1 and the response, or 0 and why not. */
  private void answer(SocketChannel channel, ByteString request) throws IOException {
    ByteString body;
    boolean ok;
    try {
      CompletionStage<ByteString> response = handler.handle(request);
      body = response == null ? null : await(response.toCompletableFuture(), channel);
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
    TcprosServer.writeFully(channel, prefix, body.asByteBuffer());
  }

  /**
   * The handler's answer, waited for in slices so that closing the endpoint or the server (which
   * closes the channel) frees the thread within a second.
   */
  private static ByteString await(CompletableFuture<ByteString> response, SocketChannel channel)
      throws ExecutionException, InterruptedException, TimeoutException, IOException {
    long deadline = System.nanoTime() + ANSWER_LIMIT.toNanos();
    while (true) {
      try {
        return response.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        if (!channel.isOpen()) {
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
