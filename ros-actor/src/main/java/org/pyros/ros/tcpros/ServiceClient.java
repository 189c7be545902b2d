package org.pyros.ros.tcpros;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/**
 * A TCPROS service client connection, on a {@link TcprosConnection} with a thread of its own
 * (as rospy's and roscpp's service proxies): it connects, exchanges headers, then sends the calls
 * one at a time, each after the previous one's answer. {@link #call(String, ServiceSpec,
 * InetSocketAddress, ByteString, Duration)} makes one call on a fresh connection (what ROS does
 * by default); {@link #persistent} keeps one connection for many calls. Service failures complete
 * the call with a {@link PyrosException} of code {@link ErrorCode#SERVICE_FAILED} holding the
 * server's error text; a call not answered in time fails with {@link ErrorCode#TIMEOUT} (and
 * closes the connection, whose late answer could otherwise be taken for the next call's).
 */
public final class ServiceClient implements AutoCloseable {
  /** Calls that may wait on one persistent connection. */
  private static final int MAX_PENDING_CALLS = 64;
  private static final AtomicInteger threads = new AtomicInteger();

  private record Call(ByteString request, CompletableFuture<ByteString> result) {}

  private final String callerId;
  private final ServiceSpec spec;
  private final InetSocketAddress address;
  private final Duration timeout;
  private final Map<String, String> extra;
  private final TcprosConnection connection;
  private final CompletableFuture<Map<String, String>> serverHeader = new CompletableFuture<>();
  private final ArrayDeque<Call> waiting = new ArrayDeque<>(); // guarded by this
  private Call inFlight; // sent, not answered yet; guarded by this
  private boolean ended; // guarded by this
  private final Thread thread;

  private ServiceClient(String callerId, ServiceSpec spec, InetSocketAddress address, Duration timeout,
      Map<String, String> extra, TcprosLimits limits) throws IOException {
    this.callerId = callerId;
    this.spec = spec;
    this.address = address;
    this.timeout = timeout;
    this.extra = extra;
    this.connection = TcprosConnection.create(limits);
    this.thread = new Thread(this::run, "pyros-service-client-" + threads.incrementAndGet() + spec.service());
    thread.setDaemon(true);
  }

  /**
   * Opens a persistent connection ({@code persistent=1}) for many calls.
   *
   * @param callerId our node name
   * @param spec the service as we expect it ({@code md5sum "*"} accepts any)
   * @param timeout limit for each call that gives none of its own
   */
  public static ServiceClient persistent(String callerId, ServiceSpec spec, InetSocketAddress address,
      Duration timeout) {
    return persistent(callerId, spec, address, timeout, TcprosLimits.DEFAULT);
  }

  /** {@link #persistent(String, ServiceSpec, InetSocketAddress, Duration)} within {@code limits}. */
  public static ServiceClient persistent(String callerId, ServiceSpec spec, InetSocketAddress address,
      Duration timeout, TcprosLimits limits) {
    return open(callerId, spec, address, timeout, Map.of(ConnectionHeader.PERSISTENT, "1"), limits);
  }

  /** Calls a service once on a new connection, then closes it. */
  public static CompletionStage<ByteString> call(String callerId, ServiceSpec spec, InetSocketAddress address,
      ByteString request, Duration timeout) {
    ServiceClient c = open(callerId, spec, address, timeout, Map.of(), TcprosLimits.DEFAULT);
    return c.call(request).whenComplete((r, e) -> c.close());
  }

  /**
   * Asks a service server for its header only ({@code probe=1}), as {@code rosservice} does to
   * learn a service's type.
   */
  public static CompletionStage<Map<String, String>> probe(String callerId, String service,
      InetSocketAddress address, Duration timeout) {
    ServiceSpec any = new ServiceSpec(service, "*", ConnectionHeader.ANY_MD5SUM, "*", "*");
    ServiceClient c = open(callerId, any, address, timeout, Map.of(ConnectionHeader.PROBE, "1"), TcprosLimits.DEFAULT);
    return c.serverHeader.copy()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((h, e) -> {
          c.close();
          if (e != null) {
            throw c.failure(e, timeout);
          }
          return h;
        });
  }

  private static ServiceClient open(String callerId, ServiceSpec spec, InetSocketAddress address, Duration timeout,
      Map<String, String> extra, TcprosLimits limits) {
    ServiceClient c;
    try {
      c = new ServiceClient(callerId, spec, address, timeout, extra, limits);
    } catch (IOException e) {
      throw new TcprosException(ErrorCode.UNAVAILABLE, "no socket for service " + spec.service() + ": " + e.getMessage(), e);
    }
    c.thread.start();
    return c;
  }

  /** The server's reply header once received (callerid, type, md5sum, request_type, response_type). */
  public CompletionStage<Map<String, String>> serverHeader() {
    return serverHeader;
  }

  /** Sends one serialized request; completes with the serialized response. */
  public CompletionStage<ByteString> call(ByteString request) {
    return call(request, timeout);
  }

  /**
   * Sends one serialized request with its own time limit. A call that times out closes the
   * connection (a late answer would be taken for the next call's).
   */
  public CompletionStage<ByteString> call(ByteString request, Duration limit) {
    Call call = new Call(request, new CompletableFuture<>());
    synchronized (this) {
      if (ended) {
        return CompletableFuture.failedFuture(
            new CallNotSentException(ErrorCode.UNAVAILABLE, "connection to service " + spec.service() + " is closed", null));
      }
      if (waiting.size() >= MAX_PENDING_CALLS) {
        return CompletableFuture.failedFuture(new TcprosException(ErrorCode.UNAVAILABLE,
            "too many calls waiting on service " + spec.service()));
      }
      waiting.addLast(call);
      notifyAll();
    }
    return call.result().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
        .handle((body, e) -> {
          if (e == null) {
            return body;
          }
          PyrosException p = failure(e, limit);
          if (p.code() == ErrorCode.TIMEOUT) {
            close();
          }
          throw p;
        });
  }

  /** False once the connection is closed (by either side) or failed; calls then fail at once. */
  public synchronized boolean isOpen() {
    return !ended;
  }

  /** Closes the connection; calls still waiting fail. */
  @Override
  public void close() {
    synchronized (this) {
      ended = true;
      notifyAll();
    }
    connection.close(); // the thread, blocked on the socket, ends
  }

  /** The connection's thread: connect, headers, then each call in turn until closed. */
  private void run() {
    Throwable cause = null;
    try {
      connection.connect(address, true);
      serverHeader.complete(connection.openService(callerId, spec, extra));
      if (!extra.containsKey(ConnectionHeader.PROBE)) {
        ByteBuffer scratch = ByteBuffer.allocate(64);
        for (Call call = next(); call != null; call = next()) {
          if (connection.peerClosed(scratch)) {
            // A server gone while we were idle (killed, restarted): the call stays unsent.
            throw new TcprosException(ErrorCode.UNAVAILABLE, "service " + spec.service() + " at " + address
                + " closed the connection");
          }
          sending(call);
          connection.write(Frames.frame(call.request()));
          boolean ok = connection.readByte("service response") == 1;
          ByteString body = ByteString.fromArrayUnsafe(connection.readFrame("service response"));
          answered(call, ok, body);
        }
      }
    } catch (IOException | RuntimeException | VirtualMachineError e) {
      cause = e;
    } finally {
      connection.close();
      ended(cause);
    }
  }

  /** The next call not timed out yet, still waiting (not sent); null once closed. */
  private synchronized Call next() {
    while (!ended) {
      Call call = waiting.peekFirst();
      if (call == null) {
        try {
          wait();
        } catch (InterruptedException e) {
          return null;
        }
      } else if (call.result().isDone()) {
        waiting.pollFirst();
      } else {
        return call;
      }
    }
    return null;
  }

  /** From here on the call may have reached the server. */
  private synchronized void sending(Call call) {
    waiting.remove(call);
    inFlight = call;
  }

  private void answered(Call call, boolean ok, ByteString body) {
    synchronized (this) {
      inFlight = null;
    }
    if (ok) {
      call.result().complete(body);
    } else {
      call.result().completeExceptionally(new PyrosException(ErrorCode.SERVICE_FAILED,
          "service [" + spec.service() + "] responded with an error: " + body.decodeString(StandardCharsets.UTF_8)));
    }
  }

  private void ended(Throwable error) {
    TcprosException cause = error instanceof TcprosException t ? t
        : new TcprosException(ErrorCode.UNAVAILABLE, error == null
            ? "connection to service " + spec.service() + " at " + address + " is closed"
            : "connection to service " + spec.service() + " at " + address + " failed: " + error.getMessage(), error);
    serverHeader.completeExceptionally(cause);
    Call sent;
    List<Call> unsent;
    synchronized (this) {
      ended = true;
      sent = inFlight;
      inFlight = null;
      unsent = new ArrayList<>(waiting);
      waiting.clear();
    }
    if (sent != null) {
      sent.result().completeExceptionally(cause);
    }
    CallNotSentException notSent = new CallNotSentException(cause.code(), cause.getMessage(), cause);
    unsent.forEach(c -> c.result().completeExceptionally(notSent));
  }

  /** What a call that failed with {@code e} reports; a timeout states the limit that applied. */
  private PyrosException failure(Throwable e, Duration limit) {
    PyrosException p = PyrosException.of(e, ErrorCode.UNAVAILABLE);
    if (p.code() == ErrorCode.TIMEOUT) {
      return new PyrosException(ErrorCode.TIMEOUT,
          "service " + spec.service() + " at " + address + " did not answer within " + limit.toMillis() + " ms", e);
    }
    return p;
  }
}
