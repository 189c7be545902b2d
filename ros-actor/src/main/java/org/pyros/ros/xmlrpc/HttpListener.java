package org.pyros.ros.xmlrpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of an {@link XmlRpcServer}: one I/O thread and a selector for every connection,
 * so a connection costs a socket and a small buffer, not a thread, whatever its peer does. A
 * whole request goes to the {@link Handler} (which must not block: it hands the work on); its
 * answer comes back through {@link #respond} from any thread. Slow and silent peers are closed at
 * the {@link HttpLimits} deadlines; at a connection limit the oldest connection not being
 * answered makes room. Errors are logged and the loop goes on; accepting backs off when the
 * system refuses new sockets.
 */
final class HttpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
  private static final AtomicInteger threads = new AtomicInteger();
  private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Takes a whole request, on the I/O thread. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpConnection connection, HttpRequest request);
  }

  private record Answer(HttpConnection connection, byte[] response, boolean close) {}

  private final HttpLimits limits;
  private final int maxBodyBytes;
  private final Handler handler;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final SelectionKey acceptKey;
  private final Thread io;
  private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
  // I/O thread only: every open connection in the order accepted, and their number per address.
  private final LinkedHashSet<HttpConnection> connections = new LinkedHashSet<>();
  private final Map<InetAddress, Integer> perPeer = new HashMap<>();
  private final HttpConnection.Budget budget;
  private long acceptPausedUntil; // I/O thread only; 0 = accepting
  private long lastSweep;
  private volatile boolean closed;

  HttpListener(InetSocketAddress bind, HttpLimits limits, int maxBodyBytes, Handler handler) throws IOException {
    this.limits = limits;
    this.maxBodyBytes = maxBodyBytes;
    this.handler = handler;
    this.budget = new HttpConnection.Budget(limits.maxBufferedBytes());
    this.server = ServerSocketChannel.open();
    try {
      server.bind(bind, 1024);
      server.configureBlocking(false);
      selector = Selector.open();
      acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    io = new Thread(this::run, "xmlrpc-io-" + threads.incrementAndGet());
    io.setDaemon(true);
    io.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.socket().getLocalSocketAddress();
  }

  /** Sends {@code response} (a whole HTTP answer) on {@code connection}; from any thread. */
  void respond(HttpConnection connection, byte[] response, boolean close) {
    answers.add(new Answer(connection, response, close));
    selector.wakeup();
  }

  /** Stops: the port is free and every connection closed when this returns. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    if (Thread.currentThread() != io) {
      try {
        io.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (!closed) {
        try {
          step();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
          // Never let the loop die: the server would stop answering everyone.
          log.warn("XML-RPC server on {}: I/O loop error (going on): {}", address(), e.toString());
        }
      }
    } finally {
      // Answers already made go out if the socket takes them at once (a shutdown call's answer
      // is made just before the server closes).
      for (Answer a; (a = answers.poll()) != null; ) {
        try {
          a.connection().startWrite(a.response(), true, System.nanoTime());
        } catch (IOException | RuntimeException e) {
          // closing anyway
        }
      }
      connections.forEach(c -> closeQuietly(c.channel));
      connections.clear();
      closeQuietly(server);
      try {
        selector.close();
      } catch (IOException e) {
        // nothing left to do
      }
    }
  }

  private void step() throws IOException {
    selector.select(TimeUnit.NANOSECONDS.toMillis(SWEEP_NANOS));
    long now = System.nanoTime();
    for (Answer a; (a = answers.poll()) != null; ) {
      startAnswer(a, now);
    }
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      if (key == acceptKey) {
        acceptAll(now);
        continue;
      }
      HttpConnection c = (HttpConnection) key.attachment();
      try {
        if (key.isValid() && key.isReadable()) {
          readable(c, now);
        } else if (key.isValid() && key.isWritable()) {
          writable(c, now);
        }
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        log.debug("XML-RPC connection from {} failed: {}", c.peer, e.toString());
        drop(c);
      }
    }
    if (now - lastSweep >= SWEEP_NANOS) {
      lastSweep = now;
      sweep(now);
    }
  }

  private void acceptAll(long now) {
    for (int i = 0; i < 256; i++) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        // Typically "Too many open files": pause accepting a little, then go on.
        log.warn("XML-RPC server on {} cannot accept now ({}); trying again shortly", address(), e.getMessage());
        acceptKey.interestOps(0);
        acceptPausedUntil = now + ACCEPT_BACKOFF_NANOS;
        return;
      }
      if (ch == null) {
        return;
      }
      try {
        admit(ch, now);
      } catch (IOException | RuntimeException e) {
        log.debug("XML-RPC server: could not take a connection: {}", e.toString());
        closeQuietly(ch);
      }
    }
  }

  private void admit(SocketChannel ch, long now) throws IOException {
    InetAddress peer = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
    if (perPeer.getOrDefault(peer, 0) >= limits.maxConnectionsPerPeer() && !evictOldest(peer)) {
      log.warn("XML-RPC server on {}: refused a connection from {}: {} connections from there are all being answered",
          address(), peer.getHostAddress(), limits.maxConnectionsPerPeer());
      closeQuietly(ch);
      return;
    }
    if (connections.size() >= limits.maxConnections() && !evictOldest(null)) {
      log.warn("XML-RPC server on {}: refused a connection: {} connections are all being answered", address(), limits.maxConnections());
      closeQuietly(ch);
      return;
    }
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true); // answers go out at once, not after a delayed ACK
    SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
    HttpConnection c = new HttpConnection(ch, key, peer, limits, maxBodyBytes, budget, now);
    key.attach(c);
    connections.add(c);
    perPeer.merge(peer, 1, Integer::sum);
  }

  /** Closes the oldest connection (of {@code peer}, or of anyone) not being answered; false when none. */
  private boolean evictOldest(InetAddress peer) {
    for (HttpConnection c : connections) {
      if ((peer == null || c.peer.equals(peer)) && c.state() != HttpConnection.State.ANSWERING) {
        log.info("XML-RPC server on {}: closed an older connection from {} ({}) to make room", address(),
            c.peer.getHostAddress(), c.state());
        drop(c);
        return true;
      }
    }
    return false;
  }

  private void readable(HttpConnection c, long now) throws IOException {
    if (c.state() == HttpConnection.State.DRAINING) {
      if (c.drain()) {
        drop(c);
      }
      return;
    }
    HttpConnection.Read r = c.read(now);
    if (r instanceof HttpConnection.Read.Ended) {
      drop(c);
    } else if (r instanceof HttpConnection.Read.Refused f) {
      log.warn("XML-RPC server on {}: refused a request from {}: {} {}", address(), c.peer.getHostAddress(), f.status(), f.reason());
      c.key.interestOps(0);
      if (c.startWrite(plain(f.status(), f.reason()), true, now)) {
        written(c, now);
      } else {
        c.key.interestOps(SelectionKey.OP_WRITE);
      }
    } else if (r instanceof HttpConnection.Read.Complete q) {
      c.key.interestOps(0); // one request at a time: the next is read after this one's answer
      handler.handle(c, q.request());
    }
  }

  private void startAnswer(Answer a, long now) {
    HttpConnection c = a.connection();
    if (!c.channel.isOpen()) {
      return;
    }
    try {
      if (c.startWrite(a.response(), a.close(), now)) {
        written(c, now);
      } else {
        c.key.interestOps(SelectionKey.OP_WRITE);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("XML-RPC server: could not answer {}: {}", c.peer, e.toString());
      drop(c);
    }
  }

  private void writable(HttpConnection c, long now) throws IOException {
    if (c.write()) {
      written(c, now);
    }
  }

  private void written(HttpConnection c, long now) throws IOException {
    if (c.closeAfterWrite()) {
      c.startDraining(now);
      c.key.interestOps(SelectionKey.OP_READ);
      return;
    }
    c.key.interestOps(SelectionKey.OP_READ);
    if (c.reset(now)) {
      readable(c, now); // a pipelined request is here already
    }
  }

  private void sweep(long now) {
    if (acceptPausedUntil != 0 && now >= acceptPausedUntil && acceptKey.isValid()) {
      acceptPausedUntil = 0;
      acceptKey.interestOps(SelectionKey.OP_ACCEPT);
    }
    int expired = 0;
    for (HttpConnection c : List.copyOf(connections)) {
      if (c.expired(now)) {
        expired++;
        drop(c);
      }
    }
    if (expired > 0) {
      log.info("XML-RPC server on {}: closed {} connections that sent no whole request, or took no answer, in time",
          address(), expired);
    }
  }

  private void drop(HttpConnection c) {
    c.release();
    if (connections.remove(c)) {
      perPeer.computeIfPresent(c.peer, (k, n) -> n > 1 ? n - 1 : null);
    }
    c.key.cancel();
    closeQuietly(c.channel);
  }

  /** A whole plain-text HTTP answer that closes the connection. */
  static byte[] plain(int status, String text) {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    String extra = status == 405 ? "Allow: POST\r\n" : "";
    return concat(("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain; charset=utf-8\r\n" + extra
        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), body);
  }

  /** A whole {@code 200} XML answer. */
  static byte[] xml(byte[] body, boolean close) {
    return concat(("HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: " + body.length + "\r\n"
        + (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1), body);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 405 -> "Method Not Allowed";
      case 411 -> "Length Required";
      case 413 -> "Payload Too Large";
      case 431 -> "Request Header Fields Too Large";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
