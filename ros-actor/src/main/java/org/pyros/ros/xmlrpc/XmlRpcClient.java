package org.pyros.ros.xmlrpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.pyros.core.error.ErrorCode;

/**
 * An XML-RPC client: each call is one blocking HTTP/1.1 POST ({@link HttpURLConnection}, which
 * keeps connections alive between calls) on a thread of the client's own bounded pool, and the
 * returned stage completes with its result. Stages fail with {@link XmlRpcFaultException} for a
 * fault, and with {@link XmlRpcException} otherwise: code TIMEOUT when no answer came in time,
 * UNAVAILABLE when the connection was refused or too many calls wait already, SYSTEM_FAILURE for
 * HTTP errors and bad XML. Thread-safe; share one instance.
 *
 * <p>Not {@code java.net.http.HttpClient}: its selector thread stays in a native call for the
 * life of the JVM, and a JVM exiting waits a fixed 300 ms for such threads; with the TLS set-up
 * it does even for plain HTTP, it made every short command (and every node start) slower by
 * more than half a second. Idle threads of this pool wait in Java and end after a while.
 */
public final class XmlRpcClient {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** Calls under way at once; more wait, in order. */
  static final int MAX_THREADS = 64;
  /** Calls waiting for a thread; past this a call fails at once. */
  static final int MAX_WAITING = 10_000;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final XmlRpcLimits limits;
  private final XmlRpcReader reader;
  private final ThreadPoolExecutor calls;

  public XmlRpcClient(Duration connectTimeout, Duration requestTimeout, XmlRpcLimits limits) {
    this.connectTimeout = Objects.requireNonNull(connectTimeout);
    this.requestTimeout = Objects.requireNonNull(requestTimeout);
    this.limits = Objects.requireNonNull(limits);
    this.reader = new XmlRpcReader(limits);
    String name = "pyros-xmlrpc-client-" + POOLS.incrementAndGet() + "-";
    AtomicInteger threads = new AtomicInteger();
    this.calls = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(MAX_WAITING), r -> {
      Thread t = new Thread(r, name + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    calls.allowCoreThreadTimeOut(true);
  }

  /** Default timeouts (connect 5 s, answer 30 s) and limits. */
  public XmlRpcClient() {
    this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, XmlRpcLimits.DEFAULT);
  }

  /** Calls {@code method} at {@code uri}; the stage holds the decoded result. */
  public CompletionStage<Object> call(URI uri, String method, Object... params) {
    return call(uri, method, Arrays.asList(params), requestTimeout);
  }

  /**
   * Calls {@code method} at {@code uri}, with its own answer timeout: the whole call, from
   * connecting to the last byte of the answer, takes at most {@code timeout}.
   */
  public CompletionStage<Object> call(URI uri, String method, List<?> params, Duration timeout) {
    byte[] body;
    HttpURLConnection connection;
    try {
      body = XmlRpcWriter.call(method, params);
      connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
    } catch (RuntimeException | IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    try {
      calls.execute(() -> run(connection, uri, method, body, timeout, result));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new XmlRpcException(ErrorCode.UNAVAILABLE,
          method + " at " + uri + " not sent: " + MAX_WAITING + " calls wait already"));
    }
    // The socket timeout bounds each read; this bounds the whole call (a peer answering a byte at a time).
    return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((value, error) -> {
      if (error == null) {
        return value;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof TimeoutException) {
        connection.disconnect(); // unblocks the thread still reading
        throw new XmlRpcException(ErrorCode.TIMEOUT, "no answer to " + method + " at " + uri + " within " + timeout, cause);
      }
      throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
    });
  }

  private void run(HttpURLConnection connection, URI uri, String method, byte[] body, Duration timeout,
      CompletableFuture<Object> result) {
    if (result.isDone()) {
      return; // timed out while it waited for a thread
    }
    try {
      result.complete(reader.readResponse(post(connection, uri, method, body, timeout)));
    } catch (IOException e) {
      result.completeExceptionally(failure(uri, method, timeout, e));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  private byte[] post(HttpURLConnection connection, URI uri, String method, byte[] body, Duration timeout) throws IOException {
    connection.setConnectTimeout(clampedMillis(connectTimeout.compareTo(timeout) < 0 ? connectTimeout : timeout));
    connection.setReadTimeout(clampedMillis(timeout));
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setDoOutput(true);
    connection.setRequestMethod("POST");
    connection.setRequestProperty("Content-Type", "text/xml; charset=utf-8");
    connection.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    int status = connection.getResponseCode();
    if (status != 200) {
      drain(connection.getErrorStream());
      throw new XmlRpcException(ErrorCode.SYSTEM_FAILURE, "HTTP " + status + " from " + uri + " for " + method);
    }
    long declared = connection.getContentLengthLong();
    if (declared > limits.maxBytes()) {
      connection.disconnect();
      throw tooLarge(uri);
    }
    try (InputStream in = connection.getInputStream()) {
      return readBounded(in, declared, uri, connection);
    }
  }

  /** Reads the body, refusing (and dropping the connection) past the limit, before holding it all. */
  private byte[] readBounded(InputStream in, long declared, URI uri, HttpURLConnection connection) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      if (bytes.size() + n > limits.maxBytes()) {
        connection.disconnect();
        throw tooLarge(uri);
      }
      bytes.write(chunk, 0, n);
    }
    return bytes.toByteArray();
  }

  private XmlRpcFormatException tooLarge(URI uri) {
    return new XmlRpcFormatException("XML-RPC response from " + uri + " larger than " + limits.maxBytes() + " bytes");
  }

  /** Reads an error body to its end, so that the connection can be used again. */
  private static void drain(InputStream in) throws IOException {
    if (in != null) {
      try (in) {
        in.readNBytes(64 * 1024);
      }
    }
  }

  private static int clampedMillis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static RuntimeException failure(URI uri, String method, Duration timeout, IOException cause) {
    String call = method + " at " + uri;
    if (cause instanceof SocketTimeoutException) {
      return new XmlRpcException(ErrorCode.TIMEOUT, "no answer to " + call + " within " + timeout, cause);
    }
    if (cause instanceof ConnectException) {
      return new XmlRpcException(ErrorCode.UNAVAILABLE, "cannot connect for " + call + ": " + cause, cause);
    }
    return new XmlRpcException(ErrorCode.SYSTEM_FAILURE, call + " failed: " + cause, cause);
  }
}
