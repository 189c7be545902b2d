package org.pyros.ros.tcpros;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCPROS connection, either end, on a blocking socket read and written by the thread that
 * owns it (one thread per connection, as in rospy and roscpp). It owns what every TCPROS
 * connection does alike: the header exchange (our header built for the role, the peer's read
 * within {@link TcprosLimits#headerDeadline()} as a whole), the checks of callerid, md5sum and the
 * {@code error} field, and framing within {@link TcprosLimits}. Publications, subscriptions,
 * service servers and service clients are built on it.
 */
public final class TcprosConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcprosConnection.class);
  // Small frames are read many per system call through this buffer; a large body bypasses it.
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  // Closes connections whose deadline passed. Reads themselves have no timeout (a timed read on a
  // channel's socket is done in non-blocking mode with a poll): every read stays a plain blocking one.
  private static final ScheduledThreadPoolExecutor deadlines = deadlineTimer();

  private final SocketChannel channel;
  private final TcprosLimits limits;
  private final boolean accepted;
  private InputStream in; // once connected; the owning thread only
  private volatile String peer;
  private volatile Map<String, String> peerHeader;
  private volatile boolean deadlinePassed;

  private TcprosConnection(SocketChannel channel, TcprosLimits limits, boolean accepted) throws IOException {
    this.channel = channel;
    this.limits = limits;
    this.accepted = accepted;
    this.peer = accepted ? hostPort((InetSocketAddress) channel.getRemoteAddress()) : "?";
    if (accepted) {
      in = new BufferedInputStream(channel.socket().getInputStream(),
          Math.min(READ_BUFFER_BYTES, limits.acceptedUpFrontBytes()));
    }
  }

  private static ScheduledThreadPoolExecutor deadlineTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "pyros-tcpros-deadlines");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true); // a header that arrived in time leaves nothing behind
    return timer;
  }

  /** A connection not made yet: {@link #close()} from another thread aborts what follows. */
  static TcprosConnection create(TcprosLimits limits) throws IOException {
    return new TcprosConnection(SocketChannel.open(), limits, false);
  }

  /** A connection a peer made to our port (blocking, TCP_NODELAY: we batch writes ourselves). */
  static TcprosConnection accepted(SocketChannel channel, TcprosLimits limits) throws IOException {
    channel.configureBlocking(true);
    channel.socket().setTcpNoDelay(true);
    return new TcprosConnection(channel, limits, true);
  }

  /** Connects within {@link TcprosLimits#connectTimeout()}; keepalive notices a host that vanished. */
  void connect(InetSocketAddress to, boolean tcpNoDelay) throws IOException {
    peer = hostPort(to);
    channel.socket().setTcpNoDelay(tcpNoDelay);
    channel.socket().setKeepAlive(true);
    channel.socket().connect(to, (int) Math.min(Integer.MAX_VALUE, limits.connectTimeout().toMillis()));
    in = new BufferedInputStream(channel.socket().getInputStream(), READ_BUFFER_BYTES);
  }

  /** The peer as host:port. */
  public String peer() {
    return peer;
  }

  /** The peer's header, once read. */
  public Map<String, String> peerHeader() {
    return peerHeader;
  }

  public TcprosLimits limits() {
    return limits;
  }

  // ---- the subscriber's and the service client's side

  /**
   * Subscribes: sends our subscriber header for {@code spec} and returns the publisher's, once it
   * accepted us with the md5sum we expect.
   *
   * @throws RefusedConnectionException when it answered with an error or another type (final)
   */
  Map<String, String> subscribe(String callerId, TopicSpec spec, boolean tcpNoDelay) throws IOException {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, callerId);
    h.put(ConnectionHeader.TOPIC, spec.topic());
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.put(ConnectionHeader.TYPE, spec.type());
    h.put(ConnectionHeader.TCP_NODELAY, tcpNoDelay ? "1" : "0");
    h.put(ConnectionHeader.MESSAGE_DEFINITION, spec.messageDefinition());
    return exchange(h, "publisher " + peer + " of " + spec.topic(), spec.type(), spec.md5sum());
  }

  /**
   * Opens a service connection: sends our client header (with {@code extra} fields such as
   * {@code persistent} or {@code probe}) and returns the server's, once it accepted us.
   *
   * @throws RefusedConnectionException when it answered with an error or another type (final)
   */
  Map<String, String> openService(String callerId, ServiceSpec spec, Map<String, String> extra) throws IOException {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, callerId);
    h.put(ConnectionHeader.SERVICE, spec.service());
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.putAll(extra);
    return exchange(h, "service " + spec.service() + " at " + peer, spec.type(), spec.md5sum());
  }

  private Map<String, String> exchange(Map<String, String> ours, String them, String type, String md5)
      throws IOException {
    write(ConnectionHeader.encode(ours));
    Map<String, String> reply = readHeader();
    String error = reply.get(ConnectionHeader.ERROR);
    if (error != null) {
      throw new RefusedConnectionException(ErrorCode.UNAVAILABLE, them + " refused the connection: " + error);
    }
    String theirs = reply.get(ConnectionHeader.MD5SUM);
    if (!ConnectionHeader.ANY_MD5SUM.equals(md5) && !md5.equals(theirs)) {
      throw new RefusedConnectionException(ErrorCode.UNKNOWN_TYPE, them + " sends " + reply.get(ConnectionHeader.TYPE)
          + " md5sum " + theirs + ", we expect " + type + " md5sum " + md5);
    }
    return reply;
  }

  // ---- the publisher's and the service server's side

  /**
   * Reads the header of a peer that connected to us, within the header deadline.
   *
   * @throws ConnectionHeaderException when it is malformed or too large (refuse, then close)
   * @throws SocketTimeoutException when the deadline passed first
   */
  Map<String, String> readPeerHeader() throws IOException {
    return readHeader();
  }

  /**
   * Answers a subscriber of {@code spec} with our header, or refuses it (error header) when its
   * header lacks a field or asks for another type. True when accepted.
   */
  boolean acceptSubscriber(String callerId, TopicSpec spec, boolean latch) throws IOException {
    String md5 = peerHeader.get(ConnectionHeader.MD5SUM);
    String refusal = missingField();
    if (refusal == null && !ConnectionHeader.ANY_MD5SUM.equals(md5) && !md5.equals(spec.md5sum())) {
      refusal = "Client [" + peerHeader.get(ConnectionHeader.CALLERID) + "] wants topic [" + spec.topic()
          + "] to have datatype/md5sum [" + peerHeader.getOrDefault(ConnectionHeader.TYPE, "*") + "/" + md5
          + "], but our version has [" + spec.type() + "/" + spec.md5sum() + "]. Dropping connection.";
    }
    if (refusal != null) {
      refuse(refusal);
      return false;
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, callerId);
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.put(ConnectionHeader.TYPE, spec.type());
    h.put(ConnectionHeader.LATCHING, latch ? "1" : "0");
    h.put(ConnectionHeader.MESSAGE_DEFINITION, spec.messageDefinition());
    h.put(ConnectionHeader.TOPIC, spec.topic());
    write(ConnectionHeader.encode(h));
    return true;
  }

  /** As {@link #acceptSubscriber}, for a client of the service {@code spec}. */
  boolean acceptServiceClient(String callerId, ServiceSpec spec) throws IOException {
    String md5 = peerHeader.get(ConnectionHeader.MD5SUM);
    String refusal = missingField();
    if (refusal == null && !ConnectionHeader.ANY_MD5SUM.equals(md5) && !md5.equals(spec.md5sum())) {
      refusal = "request from [" + peerHeader.get(ConnectionHeader.CALLERID) + "]: md5sums do not match: [" + md5
          + "] vs. [" + spec.md5sum() + "]";
    }
    if (refusal != null) {
      refuse(refusal);
      return false;
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, callerId);
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.put(ConnectionHeader.REQUEST_TYPE, spec.requestType());
    h.put(ConnectionHeader.RESPONSE_TYPE, spec.responseType());
    h.put(ConnectionHeader.TYPE, spec.type());
    write(ConnectionHeader.encode(h));
    return true;
  }

  private String missingField() {
    for (String field : new String[] {ConnectionHeader.MD5SUM, ConnectionHeader.CALLERID}) {
      if (!peerHeader.containsKey(field)) {
        return "Missing required '" + field + "' field";
      }
    }
    return null;
  }

  /** Answers with an {@code error=...} header; the caller closes the connection. */
  void refuse(String reason) throws IOException {
    log.warn("Refusing TCPROS connection from {}: {}", peer, reason);
    write(ConnectionHeader.encodeError(reason));
  }

  // ---- framing

  private Map<String, String> readHeader() throws IOException {
    ScheduledFuture<?> cut = closeAfter(limits.headerDeadline());
    try {
      byte[] body = Frames.read(in, ConnectionHeader.MAX_HEADER_BYTES, limits.acceptedUpFrontBytes(),
          "connection header", peer);
      peerHeader = ConnectionHeader.decodeBody(ByteString.fromArrayUnsafe(body));
      return peerHeader;
    } catch (FrameTooLargeException e) {
      throw new ConnectionHeaderException("connection header length exceeds the limit of "
          + ConnectionHeader.MAX_HEADER_BYTES + ": " + e.getMessage());
    } catch (IOException e) {
      if (deadlinePassed) {
        throw new SocketTimeoutException("no whole connection header from " + peer + " within "
            + limits.headerDeadline().toMillis() + " ms");
      }
      throw e;
    } finally {
      cut.cancel(false);
    }
  }

  /** Closes this connection after {@code delay} unless the returned future is cancelled first. */
  private ScheduledFuture<?> closeAfter(Duration delay) {
    return deadlines.schedule(() -> {
      deadlinePassed = true;
      close();
    }, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The next frame's body (a message, request or response) within the frame limit. Its array
   * starts at the up-front size for this side of the connection and grows as bytes arrive.
   */
  byte[] readFrame(String what) throws IOException {
    return Frames.read(in, limits.maxFrameBytes(), accepted ? limits.acceptedUpFrontBytes() : limits.upFrontBytes(),
        what, peer);
  }

  /** One byte (a service response's ok byte). */
  int readByte(String what) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("connection with " + peer + " closed before a " + what);
    }
    return b;
  }

  /** Writes the whole of {@code buffers} with one gathering write where the kernel takes it. */
  void write(ByteBuffer... buffers) throws IOException {
    long left = 0;
    for (ByteBuffer b : buffers) {
      left += b.remaining();
    }
    while (left > 0) {
      left -= channel.write(buffers);
    }
  }

  void write(ByteString bytes) throws IOException {
    java.util.List<ByteBuffer> buffers = new java.util.ArrayList<>();
    bytes.getByteBuffers().forEach(buffers::add);
    write(buffers.toArray(ByteBuffer[]::new));
  }

  /**
   * True when the peer closed its side. For a subscriber, which sends nothing after its header:
   * a look that does not block.
   */
  boolean peerClosed(ByteBuffer scratch) throws IOException {
    synchronized (channel.blockingLock()) {
      channel.configureBlocking(false);
      try {
        return channel.read(scratch.clear()) < 0;
      } finally {
        channel.configureBlocking(true);
      }
    }
  }

  /**
   * Waits up to {@code linger} for the peer to close, ignoring what it sends: a one-shot
   * service client closes once it has its answer, and closing first races it (roscpp drops a
   * connection whose close it sees before it read the answer).
   */
  void awaitPeerClose(Duration linger) throws IOException {
    ScheduledFuture<?> cut = closeAfter(linger);
    try {
      while (in.read() >= 0) {
        // a one-shot client has nothing more to say
      }
    } catch (IOException e) {
      if (!deadlinePassed) {
        throw e;
      }
      // it did not close in time: we did
    } finally {
      cut.cancel(false);
    }
  }

  public boolean isOpen() {
    return channel.isOpen();
  }

  /** Closes the socket; a thread blocked on it (connect, read, write) returns at once with an error. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a == null ? "?" : a.getHostString() + ":" + a.getPort();
  }
}
