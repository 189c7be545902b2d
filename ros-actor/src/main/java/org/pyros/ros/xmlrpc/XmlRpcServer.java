package org.pyros.ros.xmlrpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An XML-RPC server over HTTP/1.1. Methods are registered by name (before or after start). Every
 * bad request gets an answer and a log line, and the server stays up: malformed or refused XML,
 * an unknown method, or a failing handler get an XML-RPC fault; a method other than POST gets
 * HTTP 405, an oversized body HTTP 413.
 *
 * <p>Connections are read by one I/O thread ({@link HttpListener}) within the deadlines and
 * connection bounds of {@link HttpLimits}, so peers that connect and stay silent, or trickle a
 * request, hold nothing but their socket and are closed in time. Whole requests run on a small
 * pool with a bounded queue; when it is full the request is answered 503 at once.
 */
public final class XmlRpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(XmlRpcServer.class);

  private final Map<String, XmlRpcHandler> handlers = new ConcurrentHashMap<>();
  private final XmlRpcReader reader;
  private final XmlRpcLimits limits;
  private final Duration handlerTimeout;
  private final HttpListener http;
  private final ThreadPoolExecutor executor;
  private final URI uri;

  private XmlRpcServer(Builder b) throws IOException {
    this.limits = b.limits;
    this.reader = new XmlRpcReader(b.limits);
    this.handlerTimeout = b.handlerTimeout;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            b.threads,
            b.threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(b.queueSize),
            r -> {
              Thread t = new Thread(r, "xmlrpc-server-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    this.http = new HttpListener(new InetSocketAddress(b.host, b.port), b.httpLimits, b.limits.maxBytes(), this::dispatch);
    String host = b.advertisedHost != null ? b.advertisedHost : b.host;
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    this.uri = URI.create("http://" + host + ":" + http.address().getPort() + "/");
    log.debug("XML-RPC server listening on {} (bound to {})", uri, http.address());
  }

  /** A builder with defaults: 127.0.0.1, a free port, default limits, 4 threads. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server on 127.0.0.1 and a free port, with default settings. */
  public static XmlRpcServer start() throws IOException {
    return builder().start();
  }

  /** Serves {@code method} with {@code handler}, replacing any earlier handler. */
  public XmlRpcServer register(String method, XmlRpcHandler handler) {
    handlers.put(Objects.requireNonNull(method), Objects.requireNonNull(handler));
    return this;
  }

  public void unregister(String method) {
    handlers.remove(method);
  }

  /** {@code http://host:port/}, with the advertised host if one was set. */
  public URI uri() {
    return uri;
  }

  /** The bound socket address (the real port when 0 was asked). */
  public InetSocketAddress address() {
    return http.address();
  }

  /** Stops accepting, ends open exchanges and the threads. */
  @Override
  public void close() {
    http.close();
    executor.shutdownNow();
  }

  /** On the I/O thread: hands the request to the pool, or answers 503 when the pool is full. */
  private void dispatch(HttpConnection connection, HttpRequest request) {
    try {
      executor.execute(() -> handle(connection, request));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.warn("XML-RPC server {} busy ({} requests queued): answered 503 to {}", uri, executor.getQueue().size(), connection.peer);
      http.respond(connection, HttpListener.plain(503, "XML-RPC server busy, try again"), true);
    }
  }

  private void handle(HttpConnection connection, HttpRequest request) {
    boolean close = !request.keepAlive();
    XmlRpcCall call;
    try {
      call = reader.readCall(request.body());
    } catch (XmlRpcFormatException e) {
      log.warn("XML-RPC server {}: bad request from {}: {}", uri, connection.peer, e.getMessage());
      send(connection, XmlRpcWriter.fault(XmlRpcFaultException.PARSE_ERROR, "bad XML-RPC request: " + e.getMessage()), close);
      return;
    } catch (RuntimeException e) {
      log.warn("XML-RPC server {}: request from {} failed: {}", uri, connection.peer, e.toString());
      send(connection, XmlRpcWriter.fault(XmlRpcFaultException.PARSE_ERROR, "bad XML-RPC request: " + e), close);
      return;
    }
    XmlRpcHandler handler = handlers.get(call.method());
    if (handler == null) {
      log.warn("XML-RPC server {}: unknown method '{}' called by {}", uri, call.method(), connection.peer);
      send(connection, XmlRpcWriter.fault(XmlRpcFaultException.METHOD_NOT_FOUND, "unknown method: " + call.method()), close);
      return;
    }
    invoke(handler, call).whenComplete((result, error) -> send(connection, answer(call.method(), result, error), close));
  }

  private void send(HttpConnection connection, byte[] xml, boolean close) {
    http.respond(connection, HttpListener.xml(xml, close), close);
  }

  private CompletableFuture<Object> invoke(XmlRpcHandler handler, XmlRpcCall call) {
    try {
      CompletionStage<Object> stage = handler.handle(call.params());
      if (stage == null) {
        return CompletableFuture.failedFuture(new IllegalStateException("handler returned no result"));
      }
      // copy(): the timeout must not complete the handler's own future.
      return stage.toCompletableFuture().copy().orTimeout(handlerTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private byte[] answer(String method, Object result, Throwable error) {
    if (error == null) {
      try {
        return XmlRpcWriter.response(result);
      } catch (XmlRpcFormatException e) {
        log.warn("XML-RPC server {}: result of {} cannot be sent: {}", uri, method, e.getMessage());
        return XmlRpcWriter.fault(XmlRpcFaultException.APPLICATION_ERROR, "result cannot be encoded: " + e.getMessage());
      }
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof XmlRpcFaultException f) {
      return XmlRpcWriter.fault(f.faultCode(), f.faultString());
    }
    if (cause instanceof TimeoutException) {
      log.warn("XML-RPC server {}: {} gave no result within {}", uri, method, handlerTimeout);
      return XmlRpcWriter.fault(XmlRpcFaultException.APPLICATION_ERROR, method + " gave no result within " + handlerTimeout);
    }
    log.warn("XML-RPC server {}: {} failed", uri, method, cause);
    return XmlRpcWriter.fault(XmlRpcFaultException.APPLICATION_ERROR, method + " failed: " + cause);
  }

  /** Settings of an {@link XmlRpcServer}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private String advertisedHost;
    private int port;
    private XmlRpcLimits limits = XmlRpcLimits.DEFAULT;
    private int threads = 4;
    private int queueSize = 64;
    private Duration handlerTimeout = Duration.ofSeconds(60);
    private HttpLimits httpLimits = HttpLimits.DEFAULT;

    private Builder() {}

    /** Address to bind (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** Host name put in {@link #uri()} instead of the bind address (e.g. ROS_HOSTNAME). */
    public Builder advertisedHost(String advertisedHost) {
      this.advertisedHost = advertisedHost;
      return this;
    }

    /** Port to bind; 0 (default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder limits(XmlRpcLimits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder queueSize(int queueSize) {
      this.queueSize = queueSize;
      return this;
    }

    /** A handler that gives no result in this time is answered with a fault. */
    public Builder handlerTimeout(Duration handlerTimeout) {
      this.handlerTimeout = Objects.requireNonNull(handlerTimeout);
      return this;
    }

    /** Deadlines and connection bounds of the HTTP side. */
    public Builder httpLimits(HttpLimits httpLimits) {
      this.httpLimits = Objects.requireNonNull(httpLimits);
      return this;
    }

    /** Binds and starts the server. */
    public XmlRpcServer start() throws IOException {
      return new XmlRpcServer(this);
    }
  }
}
