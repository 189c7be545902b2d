package org.pyros.ros.xmlrpc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * An XML-RPC server on the JDK's HTTP server. Methods are registered by name (before or after
 * start). Every bad request gets an answer and a log line, and the server stays up: malformed or
 * refused XML, an unknown method, or a failing handler get an XML-RPC fault; a method other than
 * POST gets HTTP 405 and an oversized body HTTP 413.
 *
 * <p>Requests run on a small fixed pool with a bounded queue; when it is full the HTTP dispatcher
 * thread runs the request itself, which slows down accepting (back-pressure) instead of growing
 * memory.
 */
public final class XmlRpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(XmlRpcServer.class);

  static {
    // The JDK HTTP server writes response headers and body separately; without TCP_NODELAY each
    // answer then waits ~40 ms for the peer's delayed ACK, and ROS nodes make their master and
    // node API calls one after the other. The JDK reads this once, when the first HTTP server
    // in the JVM starts, so it is set here, before any of ours can start.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Map<String, XmlRpcHandler> handlers = new ConcurrentHashMap<>();
  private final XmlRpcReader reader;
  private final XmlRpcLimits limits;
  private final Duration handlerTimeout;
  private final HttpServer http;
  private final ThreadPoolExecutor executor;
  private final URI uri;

  private XmlRpcServer(Builder b) throws IOException {
    this.limits = b.limits;
    this.reader = new XmlRpcReader(b.limits);
    this.handlerTimeout = b.handlerTimeout;
    this.http = HttpServer.create(new InetSocketAddress(b.host, b.port), 0);
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
            },
            (r, pool) -> {
              log.warn("XML-RPC server busy ({} queued): running a request on the dispatcher", b.queueSize);
              if (!pool.isShutdown()) {
                r.run();
              }
            });
    executor.allowCoreThreadTimeOut(true);
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
    String host = b.advertisedHost != null ? b.advertisedHost : b.host;
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    this.uri = URI.create("http://" + host + ":" + http.getAddress().getPort() + "/");
    log.debug("XML-RPC server listening on {} (bound to {})", uri, http.getAddress());
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
    return http.getAddress();
  }

  /** Stops accepting, ends open exchanges and the threads. */
  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) {
    try {
      if (!"POST".equalsIgnoreCase(ex.getRequestMethod())) {
        log.warn("XML-RPC server {}: refused HTTP {} from {}", uri, ex.getRequestMethod(), ex.getRemoteAddress());
        ex.getResponseHeaders().set("Allow", "POST");
        sendPlain(ex, 405, "XML-RPC needs POST\n");
        return;
      }
      byte[] body = readBody(ex);
      if (body == null) {
        log.warn("XML-RPC server {}: refused a body over {} bytes from {}", uri, limits.maxBytes(), ex.getRemoteAddress());
        sendPlain(ex, 413, "XML-RPC request larger than " + limits.maxBytes() + " bytes\n");
        return;
      }
      XmlRpcCall call;
      try {
        call = reader.readCall(body);
      } catch (XmlRpcFormatException e) {
        log.warn("XML-RPC server {}: bad request from {}: {}", uri, ex.getRemoteAddress(), e.getMessage());
        sendXml(ex, XmlRpcWriter.fault(XmlRpcFaultException.PARSE_ERROR, "bad XML-RPC request: " + e.getMessage()));
        return;
      }
      XmlRpcHandler handler = handlers.get(call.method());
      if (handler == null) {
        log.warn("XML-RPC server {}: unknown method '{}' called by {}", uri, call.method(), ex.getRemoteAddress());
        sendXml(ex, XmlRpcWriter.fault(XmlRpcFaultException.METHOD_NOT_FOUND, "unknown method: " + call.method()));
        return;
      }
      invoke(handler, call)
          .whenComplete((result, error) -> respond(ex, call.method(), result, error));
    } catch (IOException | RuntimeException e) {
      log.warn("XML-RPC server {}: exchange with {} failed: {}", uri, ex.getRemoteAddress(), e.toString());
      ex.close();
    }
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

  private void respond(HttpExchange ex, String method, Object result, Throwable error) {
    byte[] xml;
    if (error == null) {
      try {
        xml = XmlRpcWriter.response(result);
      } catch (XmlRpcFormatException e) {
        log.warn("XML-RPC server {}: result of {} cannot be sent: {}", uri, method, e.getMessage());
        xml = XmlRpcWriter.fault(XmlRpcFaultException.APPLICATION_ERROR, "result cannot be encoded: " + e.getMessage());
      }
    } else {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof XmlRpcFaultException f) {
        xml = XmlRpcWriter.fault(f.faultCode(), f.faultString());
      } else if (cause instanceof TimeoutException) {
        log.warn("XML-RPC server {}: {} gave no result within {}", uri, method, handlerTimeout);
        xml = XmlRpcWriter.fault(XmlRpcFaultException.APPLICATION_ERROR, method + " gave no result within " + handlerTimeout);
      } else {
        log.warn("XML-RPC server {}: {} failed", uri, method, cause);
        xml = XmlRpcWriter.fault(XmlRpcFaultException.APPLICATION_ERROR, method + " failed: " + cause);
      }
    }
    try {
      sendXml(ex, xml);
    } catch (IOException | RuntimeException e) {
      log.warn("XML-RPC server {}: could not answer {}: {}", uri, method, e.toString());
      ex.close();
    }
  }

  /** The body, or null when it is larger than the limit. */
  private byte[] readBody(HttpExchange ex) throws IOException {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limits.maxBytes()) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null; // the HTTP server refuses these earlier; be safe anyway
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(limits.maxBytes() + 1);
      return body.length > limits.maxBytes() ? null : body;
    }
  }

  private static void sendXml(HttpExchange ex, byte[] xml) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
    send(ex, 200, xml);
  }

  private static void sendPlain(HttpExchange ex, int status, String text) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, status, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
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

    /** Binds and starts the server. */
    public XmlRpcServer start() throws IOException {
      return new XmlRpcServer(this);
    }
  }
}
