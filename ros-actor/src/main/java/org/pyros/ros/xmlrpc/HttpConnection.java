package org.pyros.ros.xmlrpc;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP connection of an {@link HttpListener}, touched by its I/O thread only: reads a request
 * as its bytes arrive (the buffer grows with the data, never to what a header merely announces),
 * then waits for the answer and writes it. Requests on one connection are taken one at a time.
 */
final class HttpConnection {
  /** Where the connection is in its request cycle. */
  enum State {
    /** No byte of a request yet. */
    IDLE,
    /** Part of a request has arrived. */
    READING,
    /** A whole request was handed to the server; its answer is awaited. */
    ANSWERING,
    /** The answer is being written. */
    WRITING,
    /**
     * Answered and closing: our side is shut, what the peer still sends is read and dropped until
     * it closes too, so that a peer still sending a refused body sees our answer, not a reset.
     */
    DRAINING
  }

  private static final long DRAIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

  /** What a read gave. */
  sealed interface Read {
    /** Not a whole request yet. */
    record More() implements Read {}

    /** A whole request. */
    record Complete(HttpRequest request) implements Read {}

    /** A request refused before its body: answered with {@code status} and closed. */
    record Refused(int status, String reason) implements Read {}

    /** The peer closed its side. */
    record Ended() implements Read {}
  }

  /** The bytes all connections of a listener may hold together; used by its I/O thread only. */
  static final class Budget {
    private final long max;
    private long held;

    Budget(long max) {
      this.max = max;
    }

    boolean take(long bytes) {
      if (held + bytes > max) {
        return false;
      }
      held += bytes;
      return true;
    }

    void give(long bytes) {
      held -= bytes;
    }

    long held() {
      return held;
    }
  }

  private static final Read MORE = new Read.More();
  private static final Read ENDED = new Read.Ended();
  private static final int FIRST_BUFFER = 2048;

  final SocketChannel channel;
  private final java.nio.channels.ReadableByteChannel in;
  final SelectionKey key;
  final InetAddress peer;
  private final HttpLimits limits;
  private final int maxBodyBytes;
  private final Budget budget;
  private long held; // bytes of buf beyond FIRST_BUFFER, taken from the budget
  private State state = State.IDLE;
  private long since; // when the current state began (nanoTime)
  private boolean answeredOnce;
  private byte[] buf = new byte[FIRST_BUFFER];
  private int len;
  private int scanned; // header bytes searched for the blank line so far
  private int bodyStart = -1;
  private int need; // whole request size once the header is read
  private HttpRequest head; // the parsed header, once read (body empty)
  private ByteBuffer out;
  private byte[] leftover;
  private boolean closeAfterWrite;

  HttpConnection(SocketChannel channel, SelectionKey key, InetAddress peer, HttpLimits limits, int maxBodyBytes,
      Budget budget, long now) {
    this(channel, channel, key, peer, limits, maxBodyBytes, budget, now);
  }

  /** Reading from {@code in}, with no socket to write to (for feeding the parser in tests). */
  HttpConnection(java.nio.channels.ReadableByteChannel in, HttpLimits limits, int maxBodyBytes, Budget budget) {
    this(null, in, null, InetAddress.getLoopbackAddress(), limits, maxBodyBytes, budget, 0);
  }

  private HttpConnection(SocketChannel channel, java.nio.channels.ReadableByteChannel in, SelectionKey key, InetAddress peer,
      HttpLimits limits, int maxBodyBytes, Budget budget, long now) {
    this.budget = budget;
    this.channel = channel;
    this.in = in;
    this.key = key;
    this.peer = peer;
    this.limits = limits;
    this.maxBodyBytes = maxBodyBytes;
    this.since = now;
  }

  State state() {
    return state;
  }

  /** Bytes held for the request under way (bounded by the header limit or the request's size). */
  int buffered() {
    return buf.length;
  }

  /** True when the connection has outlived what its state allows. */
  boolean expired(long now) {
    long allowed = switch (state) {
      case IDLE -> answeredOnce ? limits.idleTimeout().toNanos() : limits.requestTimeout().toNanos();
      case READING, WRITING -> limits.requestTimeout().toNanos();
      case ANSWERING -> Long.MAX_VALUE;
      case DRAINING -> DRAIN_NANOS;
    };
    return now - since > allowed;
  }

  /** Takes what has arrived (and what an earlier read left over). */
  Read read(long now) throws IOException {
    while (true) {
      if (bodyStart < 0 && len > scanned) {
        Read r = parseHeader();
        if (r != null) {
          return r;
        }
      }
      if (bodyStart >= 0 && len >= need) {
        byte[] body = Arrays.copyOfRange(buf, bodyStart, need);
        leftover = len > need ? Arrays.copyOfRange(buf, need, len) : null; // a pipelined next request
        state = State.ANSWERING;
        since = now;
        return new Read.Complete(new HttpRequest(head.method(), head.target(), head.headers(), body, head.keepAlive()));
      }
      int limit = bodyStart < 0 ? limits.maxHeaderBytes() : need;
      if (len == buf.length) {
        if (buf.length >= limit) {
          return new Read.Refused(431, "request header larger than " + limits.maxHeaderBytes() + " bytes");
        }
        int grown = (int) Math.min(limit, 2L * buf.length);
        if (!budget.take(grown - buf.length)) {
          return new Read.Refused(503, "the server holds too many request bytes now; try again");
        }
        held += grown - buf.length;
        buf = Arrays.copyOf(buf, grown);
      }
      int n = in.read(ByteBuffer.wrap(buf, len, buf.length - len));
      if (n < 0) {
        return ENDED;
      }
      if (n == 0) {
        return MORE;
      }
      if (state == State.IDLE) {
        state = State.READING;
        if (answeredOnce) {
          since = now; // a kept-alive connection's next request is timed from its first byte
        }
      }
      len += n;
    }
  }

  /** Finds and parses the header once it is all there; null to go on reading. */
  private Read parseHeader() {
    int end = -1;
    int sep = 0;
    for (int i = Math.max(0, scanned - 3); i < len; i++) {
      if (buf[i] == '\n' && i >= 1 && buf[i - 1] == '\n') {
        end = i - 1;
        sep = 2;
        break;
      }
      if (buf[i] == '\n' && i >= 3 && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
        end = i - 3;
        sep = 4;
        break;
      }
    }
    scanned = len;
    if (end < 0) {
      return len >= limits.maxHeaderBytes()
          ? new Read.Refused(431, "request header larger than " + limits.maxHeaderBytes() + " bytes") : null;
    }
    String[] lines = new String(buf, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n");
    if (lines.length == 0) {
      return new Read.Refused(400, "no request line");
    }
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
      return new Read.Refused(400, "bad request line");
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        return new Read.Refused(400, "bad header line");
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      String earlier = headers.put(name, value);
      if (earlier != null && name.equals("content-length") && !earlier.equals(value)) {
        return new Read.Refused(400, "conflicting Content-Length headers");
      }
    }
    String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
    boolean keepAlive = requestLine[2].equals("HTTP/1.0") ? connection.contains("keep-alive") : !connection.contains("close");
    String method = requestLine[0];
    if (!method.equals("POST")) {
      return new Read.Refused(405, "XML-RPC needs POST");
    }
    if (headers.containsKey("transfer-encoding")) {
      return new Read.Refused(411, "XML-RPC requests need a Content-Length");
    }
    String declared = headers.get("content-length");
    long length;
    try {
      length = declared == null ? -1 : Long.parseLong(declared);
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0) {
      return new Read.Refused(411, "XML-RPC requests need a Content-Length");
    }
    if (length > maxBodyBytes) {
      return new Read.Refused(413, "XML-RPC request larger than " + maxBodyBytes + " bytes");
    }
    bodyStart = end + sep;
    need = (int) (bodyStart + length);
    head = new HttpRequest(method, requestLine[1], Map.copyOf(headers), new byte[0], keepAlive);
    return null;
  }

  /** Starts writing an answer; true when it is all written. */
  boolean startWrite(byte[] response, boolean close, long now) throws IOException {
    out = ByteBuffer.wrap(response);
    closeAfterWrite = close;
    state = State.WRITING;
    since = now;
    return write();
  }

  /** Writes what the socket takes; true when the answer is all written. */
  boolean write() throws IOException {
    channel.write(out);
    return !out.hasRemaining();
  }

  boolean closeAfterWrite() {
    return closeAfterWrite;
  }

  /** Shuts our side after the last answer; the peer's remaining bytes are then dropped as they come. */
  void startDraining(long now) throws IOException {
    state = State.DRAINING;
    since = now;
    release();
    buf = new byte[FIRST_BUFFER];
    channel.shutdownOutput();
  }

  /** Reads and drops what the peer sends; true once it has closed its side. */
  boolean drain() throws IOException {
    while (true) {
      int n = in.read(ByteBuffer.wrap(buf));
      if (n < 0) {
        return true;
      }
      if (n == 0) {
        return false;
      }
    }
  }

  /** Gives the bytes this connection holds back to the budget (when it closes, or answers). */
  void release() {
    budget.give(held);
    held = 0;
  }

  /** Ready for the next request on this connection; true when bytes of it are here already. */
  boolean reset(long now) {
    since = now;
    answeredOnce = true;
    byte[] rest = leftover == null ? new byte[0] : leftover;
    leftover = null;
    buf = Arrays.copyOf(rest, Math.max(FIRST_BUFFER, rest.length));
    long stillHeld = buf.length - FIRST_BUFFER; // a pipelined rest is never larger than the buffer it came from
    budget.give(held - stillHeld);
    held = stillHeld;
    len = rest.length;
    state = len > 0 ? State.READING : State.IDLE;
    scanned = 0;
    bodyStart = -1;
    need = 0;
    head = null;
    out = null;
    return len > 0;
  }
}
