package org.pyros.ros.tcpros;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TCPROS port, for subscribers (the address {@code requestTopic} answers with) and
 * service clients (the {@code rosrpc://} URI), as roscpp serves both on one port: a plain socket
 * and a thread per connection, which reads the header and then serves the connection to its end,
 * writing a topic's messages ({@link Publication#serve}) or answering service calls
 * ({@link ServiceEndpoint#serve}). Headers that are broken, or ask for a topic or service not
 * offered here, are answered with an {@code error=...} header and the connection is closed.
 */
final class TcprosListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcprosListener.class);
  private static final AtomicInteger threads = new AtomicInteger();
  // A thread each: bounded, so a flood of connections cannot take every thread.
  private static final int MAX_CONNECTIONS = 1024;
  // A peer that connects and sends no header does not keep its thread for long.
  private static final int HEADER_TIMEOUT_MILLIS = 10_000;

  private final String callerId;
  private final Function<String, Publication> publications;
  private final Function<String, ServiceEndpoint> services;
  private final ServerSocketChannel listener;
  private final Acceptor acceptor;
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
  private final Thread accepting;
  private volatile boolean closed;

  /** Takes the next connection from a listening socket (a seam for tests that feed it errors). */
  @FunctionalInterface
  interface Acceptor {
    SocketChannel accept(ServerSocketChannel listener) throws IOException;
  }

  private static final long MIN_ACCEPT_BACKOFF_MILLIS = 10;
  private static final long MAX_ACCEPT_BACKOFF_MILLIS = 1_000;

  private TcprosListener(String callerId, Function<String, Publication> publications,
      Function<String, ServiceEndpoint> services, ServerSocketChannel listener, Acceptor acceptor) {
    this.callerId = callerId;
    this.publications = publications;
    this.services = services;
    this.listener = listener;
    this.acceptor = acceptor;
    this.accepting = new Thread(this::accept, "pyros-tcpros-accept-" + threads.incrementAndGet());
    accepting.setDaemon(true);
  }

  static TcprosListener start(String callerId, String host, int port, Function<String, Publication> publications,
      Function<String, ServiceEndpoint> services) throws IOException {
    return start(callerId, host, port, publications, services, ServerSocketChannel::accept);
  }

  static TcprosListener start(String callerId, String host, int port, Function<String, Publication> publications,
      Function<String, ServiceEndpoint> services, Acceptor acceptor) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.bind(new InetSocketAddress(host, port), 128);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    TcprosListener l = new TcprosListener(callerId, publications, services, channel, acceptor);
    l.accepting.start();
    return l;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.socket().getLocalSocketAddress();
  }

  /** Stops listening (the port is free again when this returns) and closes every connection. */
  @Override
  public void close() {
    closed = true;
    TcprosServer.closeQuietly(listener);
    accepting.interrupt(); // cuts a back-off pause short
    awaitEnd(accepting);
    connections.forEach(TcprosServer::closeQuietly);
  }

  /**
   * Waits (a little) for a thread blocked in {@code accept} to leave it: the JDK releases a
   * listening socket closed under such a thread only when the thread returns, and until then
   * the port cannot be bound again (a server restarted on its port failed now and then).
   */
  private static void awaitEnd(Thread acceptor) {
    if (Thread.currentThread() == acceptor) {
      return;
    }
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The accept loop. It never ends before {@link #close}: an error (typically "Too many open
   * files", or no thread to be had) is logged, accepting pauses, growing from 10 ms to 1 s while
   * errors go on, and resumes.
   */
  private void accept() {
    long backoff = 0;
    while (!closed) {
      SocketChannel c = null;
      try {
        c = acceptor.accept(listener);
        if (connections.size() >= MAX_CONNECTIONS) {
          log.warn("Refused a TCPROS connection to {}: {} connections already", callerId, MAX_CONNECTIONS);
          TcprosServer.closeQuietly(c);
          continue;
        }
        connections.add(c);
        SocketChannel accepted = c;
        Thread t = new Thread(() -> serve(accepted), "pyros-tcpros-" + threads.incrementAndGet());
        t.setDaemon(true);
        t.start();
        backoff = 0;
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        if (closed) {
          return;
        }
        if (c != null) {
          connections.remove(c);
          TcprosServer.closeQuietly(c);
        }
        backoff = backoff == 0 ? MIN_ACCEPT_BACKOFF_MILLIS : Math.min(MAX_ACCEPT_BACKOFF_MILLIS, 2 * backoff);
        log.warn("TCPROS port of {} cannot accept now ({}); trying again in {} ms", callerId, e.toString(), backoff);
        try {
          Thread.sleep(backoff); // a pause, not a wait for an event: the cause is outside the process's view
        } catch (InterruptedException ie) {
          if (closed) {
            return;
          }
        }
      }
    }
  }

  private void serve(SocketChannel c) {
    String peer = "?";
    try (c) {
      c.socket().setTcpNoDelay(true); // subscribers' tcp_nodelay=1 always honoured; we batch ourselves
      InetSocketAddress remote = (InetSocketAddress) c.getRemoteAddress();
      peer = remote.getHostString() + ":" + remote.getPort();
      Map<String, String> header;
      DataInputStream in;
      try {
        c.socket().setSoTimeout(HEADER_TIMEOUT_MILLIS);
        in = new DataInputStream(new BufferedInputStream(c.socket().getInputStream(), 4096));
        header = ConnectionHeader.decodeBody(ByteString.fromArrayUnsafe(
            Frames.readFrameAsItArrives(in, ConnectionHeader.MAX_HEADER_BYTES, "connection header", peer)));
        c.socket().setSoTimeout(0);
      } catch (EOFException | java.net.SocketTimeoutException e) {
        return; // closed before a whole header
      } catch (ConnectionHeaderException | FrameTooLargeException e) {
        log.warn("Bad TCPROS header from {}: {}", peer, e.getMessage());
        Refusal.refuse(c, e.getMessage());
        return;
      }
      String topic = header.get(ConnectionHeader.TOPIC);
      String service = header.get(ConnectionHeader.SERVICE);
      if (topic != null) {
        Publication p = publications.apply(topic);
        if (p == null) {
          Refusal.refuse(c, "[" + callerId + "] is not a publisher of [" + topic + "]");
        } else {
          p.serve(header, c, peer);
        }
      } else if (service != null) {
        ServiceEndpoint s = services.apply(service);
        if (s == null) {
          Refusal.refuse(c, "[" + callerId + "] is not a provider of [" + service + "]");
        } else {
          s.serve(header, c, in, peer);
        }
      } else {
        Refusal.refuse(c, "header has neither a 'topic' nor a 'service' field");
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        log.debug("TCPROS connection from {} ended: {}", peer, e.getMessage());
      }
    } finally {
      connections.remove(c);
    }
  }
}
