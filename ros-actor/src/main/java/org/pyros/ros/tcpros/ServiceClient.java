package org.pyros.ros.tcpros;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/**
 * A TCPROS service client connection. {@link #call} makes one call on a fresh connection (what
 * ROS does by default); {@link #persistent} keeps one connection for many calls, answered in
 * order. Service failures complete the call with a {@link PyrosException} of code
 * {@link ErrorCode#SERVICE_FAILED} holding the server's error text; a call not answered in time
 * fails with {@link ErrorCode#TIMEOUT} (and closes a persistent connection, whose answers could
 * otherwise be matched to the wrong calls).
 */
public final class ServiceClient implements AutoCloseable {
  /** Calls that may wait on one persistent connection. */
  private static final int MAX_PENDING_CALLS = 64;
  /** Default limit for one response. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 256 << 20;

  private final ServiceSpec spec;
  private final InetSocketAddress address;
  private final Duration timeout;
  private final SharedKillSwitch killSwitch;
  private final CompletableFuture<Map<String, String>> serverHeader = new CompletableFuture<>();
  private final ArrayDeque<CompletableFuture<ByteString>> pending = new ArrayDeque<>(); // guarded by this
  private BoundedSourceQueue<ByteString> requests;
  private boolean ended; // guarded by this

  private ServiceClient(ServiceSpec spec, InetSocketAddress address, Duration timeout) {
    this.spec = spec;
    this.address = address;
    this.timeout = timeout;
    this.killSwitch = KillSwitches.shared("service-client" + spec.service());
  }

  /**
   * Opens a persistent connection ({@code persistent=1}) for many calls.
   *
   * @param callerId our node name
   * @param spec the service as we expect it ({@code md5sum "*"} accepts any)
   * @param timeout limit for connecting and for each call
   */
  public static ServiceClient persistent(ClassicActorSystemProvider system, String callerId, ServiceSpec spec,
      InetSocketAddress address, Duration timeout) {
    return open(system, callerId, spec, address, timeout, Map.of(ConnectionHeader.PERSISTENT, "1"));
  }

  /** Calls a service once on a new connection, then closes it. */
  public static CompletionStage<ByteString> call(ClassicActorSystemProvider system, String callerId,
      ServiceSpec spec, InetSocketAddress address, ByteString request, Duration timeout) {
    ServiceClient c = open(system, callerId, spec, address, timeout, Map.of());
    return c.call(request).whenComplete((r, e) -> c.close());
  }

  /**
   * Asks a service server for its header only ({@code probe=1}), as {@code rosservice} does to
   * learn a service's type.
   */
  public static CompletionStage<Map<String, String>> probe(ClassicActorSystemProvider system, String callerId,
      String service, InetSocketAddress address, Duration timeout) {
    ServiceSpec any = new ServiceSpec(service, "*", ConnectionHeader.ANY_MD5SUM, "*", "*");
    ServiceClient c = open(system, callerId, any, address, timeout, Map.of(ConnectionHeader.PROBE, "1"));
    return c.serverHeader().toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((h, e) -> {
          c.close();
          if (e != null) {
            throw c.failure(e);
          }
          return h;
        });
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
   * Sends one serialized request with its own time limit. On a persistent connection a call
   * that times out closes the connection (a late answer would be taken for the next call's).
   */
  public CompletionStage<ByteString> call(ByteString request, Duration limit) {
    CompletableFuture<ByteString> result = new CompletableFuture<>();
    synchronized (this) {
      if (ended) {
        return CompletableFuture.failedFuture(
            new TcprosException(ErrorCode.UNAVAILABLE, "connection to service " + spec.service() + " is closed"));
      }
      if (pending.size() >= MAX_PENDING_CALLS
          || requests.offer(Frames.frame(request)) != QueueOfferResult.enqueued()) {
        return CompletableFuture.failedFuture(new TcprosException(ErrorCode.UNAVAILABLE,
            "too many calls waiting on service " + spec.service()));
      }
      pending.addLast(result);
    }
    return result.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
        .handle((body, e) -> {
          if (e == null) {
            return body;
          }
          PyrosException p = failure(e);
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
    killSwitch.shutdown();
  }

  private static ServiceClient open(ClassicActorSystemProvider system, String callerId, ServiceSpec spec,
      InetSocketAddress address, Duration timeout, Map<String, String> extra) {
    ServiceClient c = new ServiceClient(spec, address, timeout);
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, callerId);
    h.put(ConnectionHeader.SERVICE, spec.service());
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.putAll(extra);
    var tcp = Tcp.get(system).outgoingConnection(address, Optional.empty(),
        List.of(TcpSO.tcpNoDelay(true)), true, Optional.of(timeout), Optional.empty());
    // Requests wait for the server's header: rospy drops bytes that arrive with our header.
    Source<ByteString, NotUsed> headerThenGate = Source.single(ConnectionHeader.encode(h))
        .concat(Source.completionStage(c.serverHeader).map(x -> ByteString.emptyByteString()))
        .filter(b -> !b.isEmpty());
    Pair<BoundedSourceQueue<ByteString>, CompletionStage<Done>> mat = headerThenGate
        .concatMat(Source.<ByteString>queue(MAX_PENDING_CALLS), Keep.right())
        .via(c.killSwitch.flow())
        .via(tcp)
        .via(FrameDecoder.serviceResponses(DEFAULT_MAX_FRAME_BYTES))
        .via(c.killSwitch.flow())
        .toMat(Sink.foreach(c::onFrame), Keep.both())
        .run(Materializer.matFromSystem(system));
    synchronized (c) {
      c.requests = mat.first();
    }
    mat.second().whenComplete((done, error) -> c.ended(error));
    return c;
  }

  private void onFrame(ByteString frame) {
    if (!serverHeader.isDone()) {
      Map<String, String> reply = ConnectionHeader.decodeBody(frame);
      String error = reply.get(ConnectionHeader.ERROR);
      if (error != null) {
        throw new TcprosException(ErrorCode.UNAVAILABLE, "service " + spec.service() + " refused the connection: " + error);
      }
      String theirs = reply.get(ConnectionHeader.MD5SUM);
      if (!ConnectionHeader.ANY_MD5SUM.equals(spec.md5sum()) && !spec.md5sum().equals(theirs)) {
        throw new TcprosException(ErrorCode.UNKNOWN_TYPE, "service " + spec.service() + " has type "
            + reply.get(ConnectionHeader.TYPE) + " md5sum " + theirs + ", we expect " + spec.md5sum());
      }
      serverHeader.complete(reply);
      return;
    }
    CompletableFuture<ByteString> call;
    synchronized (this) {
      call = pending.pollFirst();
    }
    if (call == null) {
      throw new TcprosException(ErrorCode.SYSTEM_FAILURE, "service " + spec.service() + " sent an answer nobody asked for");
    }
    ByteString body = frame.drop(1);
    if (frame.apply(0) == 1) {
      call.complete(body);
    } else {
      call.completeExceptionally(new PyrosException(ErrorCode.SERVICE_FAILED,
          "service [" + spec.service() + "] responded with an error: " + body.decodeString(StandardCharsets.UTF_8)));
    }
  }

  private void ended(Throwable error) {
    TcprosException cause = error instanceof TcprosException t ? t
        : new TcprosException(ErrorCode.UNAVAILABLE, error == null
            ? "service " + spec.service() + " at " + address + " closed the connection"
            : "connection to service " + spec.service() + " at " + address + " failed: " + error.getMessage(), error);
    serverHeader.completeExceptionally(cause);
    ArrayDeque<CompletableFuture<ByteString>> waiting;
    synchronized (this) {
      ended = true;
      waiting = new ArrayDeque<>(pending);
      pending.clear();
    }
    waiting.forEach(f -> f.completeExceptionally(cause));
  }

  private PyrosException failure(Throwable e) {
    PyrosException p = PyrosException.of(e, ErrorCode.UNAVAILABLE);
    if (p.code() == ErrorCode.TIMEOUT) {
      return new PyrosException(ErrorCode.TIMEOUT,
          "service " + spec.service() + " at " + address + " did not answer within " + timeout.toMillis() + " ms", e);
    }
    return p;
  }
}
