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
 * The port subscribers connect to (the address {@code requestTopic} answers with): a plain
 * socket per subscriber and a thread that reads its header and then writes its messages
 * ({@link Publication#serve}). Headers that are broken, or ask for a topic not published here,
 * are answered with an {@code error=...} header and the connection is closed.
 */
final class TopicListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicListener.class);
  private static final AtomicInteger threads = new AtomicInteger();
  // A subscriber thread each: bounded, so a flood of connections cannot take every thread.
  private static final int MAX_CONNECTIONS = 1024;
  // A peer that connects and sends no header does not keep its thread for long.
  private static final int HEADER_TIMEOUT_MILLIS = 10_000;

  private final String callerId;
  private final Function<String, Publication> publications;
  private final ServerSocketChannel listener;
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private TopicListener(String callerId, Function<String, Publication> publications, ServerSocketChannel listener) {
    this.callerId = callerId;
    this.publications = publications;
    this.listener = listener;
  }

  static TopicListener start(String callerId, String host, int port, Function<String, Publication> publications)
      throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.bind(new InetSocketAddress(host, port), 128);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    TopicListener l = new TopicListener(callerId, publications, channel);
    Thread acceptor = new Thread(l::accept, "pyros-tcpros-accept-" + threads.incrementAndGet());
    acceptor.setDaemon(true);
    acceptor.start();
    return l;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.socket().getLocalSocketAddress();
  }

  @Override
  public void close() {
    closed = true;
    TcprosServer.closeQuietly(listener);
    connections.forEach(TcprosServer::closeQuietly);
  }

  private void accept() {
    while (!closed) {
      SocketChannel c;
      try {
        c = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("TCPROS topic port of {} stopped accepting: {}", callerId, e.getMessage());
        }
        return;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        log.warn("Refused a subscriber connection to {}: {} connections already", callerId, MAX_CONNECTIONS);
        TcprosServer.closeQuietly(c);
        continue;
      }
      connections.add(c);
      Thread t = new Thread(() -> serve(c), "pyros-pub-" + threads.incrementAndGet());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel c) {
    String peer = "?";
    try (c) {
      c.socket().setTcpNoDelay(true); // subscribers' tcp_nodelay=1 always honoured; we batch ourselves
      InetSocketAddress remote = (InetSocketAddress) c.getRemoteAddress();
      peer = remote.getHostString() + ":" + remote.getPort();
      Map<String, String> header;
      try {
        c.socket().setSoTimeout(HEADER_TIMEOUT_MILLIS);
        DataInputStream in = new DataInputStream(new BufferedInputStream(c.socket().getInputStream(), 4096));
        header = ConnectionHeader.decodeBody(ByteString.fromArrayUnsafe(
            Frames.readFrame(in, ConnectionHeader.MAX_HEADER_BYTES, "connection header", peer)));
        c.socket().setSoTimeout(0);
      } catch (EOFException | java.net.SocketTimeoutException e) {
        return; // closed before a whole header
      } catch (ConnectionHeaderException | FrameTooLargeException e) {
        log.warn("Bad TCPROS header from {}: {}", peer, e.getMessage());
        Refusal.refuse(c, e.getMessage());
        return;
      }
      String topic = header.get(ConnectionHeader.TOPIC);
      Publication p = topic == null ? null : publications.apply(topic);
      if (p == null) {
        Refusal.refuse(c, topic == null
            ? "header has no 'topic' field (services are served on this node's rosrpc port)"
            : "[" + callerId + "] is not a publisher of [" + topic + "]");
        return;
      }
      p.serve(header, c, peer);
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        log.debug("Subscriber connection from {} ended: {}", peer, e.getMessage());
      }
    } finally {
      connections.remove(c);
    }
  }
}
