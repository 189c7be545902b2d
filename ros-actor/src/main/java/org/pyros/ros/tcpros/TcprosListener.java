package org.pyros.ros.tcpros;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TCPROS port, for subscribers (the address {@code requestTopic} answers with) and
 * service clients (the {@code rosrpc://} URI), as roscpp serves both on one port: a thread per
 * connection, which reads the header on a {@link TcprosConnection} and then serves it to its
 * end, writing a topic's messages ({@link Publication#serve}) or answering service calls
 * ({@link ServiceEndpoint#serve}). Headers that are broken, or ask for a topic or service not
 * offered here, are answered with an {@code error=...} header and the connection is closed.
 *
 * <p>Within {@link TcprosLimits}: at most {@code maxConnections} at once; a header must arrive
 * whole within {@code headerDeadline}; and one address may have at most
 * {@code maxPendingPerPeer} connections whose header is still on its way (one more closes the
 * oldest of them), so peers that trickle headers cannot keep others out.
 */
final class TcprosListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcprosListener.class);
  private static final AtomicInteger threads = new AtomicInteger();

  private final String callerId;
  private final TcprosLimits limits;
  private final Function<String, Publication> publications;
  private final Function<String, ServiceEndpoint> services;
  private final ServerSocketChannel listener;
  private final Acceptor acceptor;
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
  // Per address, its connections whose header has not arrived yet, oldest first. Guarded by itself.
  private final Map<InetAddress, ArrayDeque<SocketChannel>> pending = new HashMap<>();
  private final Thread accepting;
  private volatile boolean closed;

  /** Takes the next connection from a listening socket (a seam for tests that feed it errors). */
  @FunctionalInterface
  interface Acceptor {
    SocketChannel accept(ServerSocketChannel listener) throws IOException;
  }

  private static final long MIN_ACCEPT_BACKOFF_MILLIS = 10;
  private static final long MAX_ACCEPT_BACKOFF_MILLIS = 1_000;

  private TcprosListener(String callerId, TcprosLimits limits, Function<String, Publication> publications,
      Function<String, ServiceEndpoint> services, ServerSocketChannel listener, Acceptor acceptor) {
    this.callerId = callerId;
    this.limits = limits;
    this.publications = publications;
    this.services = services;
    this.listener = listener;
    this.acceptor = acceptor;
    this.accepting = new Thread(this::accept, "pyros-tcpros-accept-" + threads.incrementAndGet());
    accepting.setDaemon(true);
  }

  static TcprosListener start(String callerId, String host, int port, TcprosLimits limits,
      Function<String, Publication> publications, Function<String, ServiceEndpoint> services, Acceptor acceptor)
      throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.bind(new InetSocketAddress(host, port), 128);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    TcprosListener l = new TcprosListener(callerId, limits, publications, services, channel, acceptor);
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
    closeQuietly(listener);
    accepting.interrupt(); // cuts a back-off pause short
    awaitEnd(accepting);
    connections.forEach(TcprosListener::closeQuietly);
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
        if (connections.size() >= limits.maxConnections()) {
          log.warn("Refused a TCPROS connection to {}: {} connections already", callerId, limits.maxConnections());
          closeQuietly(c);
          continue;
        }
        connections.add(c);
        admit(c);
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
          headerDone(c);
          closeQuietly(c);
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

  /** Counts {@code c} among its address's connections awaiting a header, closing the oldest beyond the cap. */
  private void admit(SocketChannel c) throws IOException {
    InetAddress peer = ((InetSocketAddress) c.getRemoteAddress()).getAddress();
    SocketChannel evicted = null;
    synchronized (pending) {
      ArrayDeque<SocketChannel> waiting = pending.computeIfAbsent(peer, k -> new ArrayDeque<>());
      if (waiting.size() >= limits.maxPendingPerPeer()) {
        evicted = waiting.pollFirst();
      }
      waiting.addLast(c);
    }
    if (evicted != null) {
      log.debug("{} connections from {} still send their TCPROS header: closed the oldest", limits.maxPendingPerPeer(), peer);
      closeQuietly(evicted); // its thread sees the close and ends
    }
  }

  private void headerDone(SocketChannel c) {
    synchronized (pending) {
      pending.values().removeIf(waiting -> waiting.remove(c) && waiting.isEmpty());
    }
  }

  private void serve(SocketChannel c) {
    TcprosConnection connection = null;
    try (c) {
      connection = TcprosConnection.accepted(c, limits);
      Map<String, String> header;
      try {
        header = connection.readPeerHeader();
      } catch (IOException e) {
        return; // closed, evicted or too slow before a whole header
      } catch (ConnectionHeaderException e) {
        log.warn("Bad TCPROS header from {}: {}", connection.peer(), e.getMessage());
        connection.refuse(e.getMessage());
        return;
      } finally {
        headerDone(c);
      }
      String topic = header.get(ConnectionHeader.TOPIC);
      String service = header.get(ConnectionHeader.SERVICE);
      if (topic != null) {
        Publication p = publications.apply(topic);
        if (p == null) {
          connection.refuse("[" + callerId + "] is not a publisher of [" + topic + "]");
        } else {
          p.serve(connection);
        }
      } else if (service != null) {
        ServiceEndpoint s = services.apply(service);
        if (s == null) {
          connection.refuse("[" + callerId + "] is not a provider of [" + service + "]");
        } else {
          s.serve(connection);
        }
      } else {
        connection.refuse("header has neither a 'topic' nor a 'service' field");
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        log.debug("TCPROS connection from {} ended: {}", connection == null ? "?" : connection.peer(), e.getMessage());
      }
    } finally {
      connections.remove(c);
      headerDone(c);
    }
  }

  static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
