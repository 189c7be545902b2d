package org.pyros.ros.tcpros;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCPROS connection from us (subscriber) to one publisher: sends our header, checks the
 * reply, then hands each message to a {@link SubscriptionListener}. A lost or failed connection is
 * retried with exponential backoff until {@link #close()}; a refusal by the publisher (error
 * header, md5 mismatch) is final.
 *
 * <p>Each subscription has its own reader thread blocked on a plain socket (as rospy does): the
 * kernel wakes the thread that decodes, with no hand-off in between, and a message up to 2 MiB is
 * read straight into the one array that holds it (a larger one grows as its bytes arrive, so what
 * a publisher announces is never reserved before it is sent). That halves the latency of small
 * messages and keeps images from being read in small pieces that are copied again to be joined.
 */
public final class Subscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);
  private static final AtomicInteger threads = new AtomicInteger();
  // Small messages are read many per system call through this buffer; a large body bypasses it.
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  /**
   * How a subscription connects.
   *
   * @param tcpNoDelay ask the publisher for TCP_NODELAY (and set it on our socket)
   * @param maxFrameBytes largest message accepted; a bigger one drops the connection
   * @param connectTimeout limit for the TCP connect
   * @param minBackoff first reconnect delay, doubled per failure up to {@code maxBackoff}
   */
  public record Settings(boolean tcpNoDelay, int maxFrameBytes, Duration connectTimeout,
      Duration minBackoff, Duration maxBackoff) {
    public static final Settings DEFAULT = new Settings(
        true, 256 << 20, Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(10));
  }

  private final TopicSpec spec;
  private final InetSocketAddress publisher;
  private final Settings settings;
  private final SubscriptionListener listener;
  private final byte[] header;
  private final Thread reader;
  private final Object lock = new Object();
  private Socket socket; // the current connection; guarded by lock
  private volatile Map<String, String> publisherHeader;
  private volatile boolean closed;
  private volatile boolean refused;
  private Duration backoff; // touched by the reader thread only
  private long connectedAt; // when the current connection's header was accepted; reader thread only
  // What a message's array starts at; larger ones grow as their bytes arrive. Room for a
  // megabyte image and its fields in one array: at 1 MiB exactly, every such image was read
  // into an array that then had to grow (and be copied) to 2 MiB.
  private static final int MESSAGE_UP_FRONT_BYTES = 2 << 20;
  private final int id = ConnectionIds.next();
  private final java.util.concurrent.atomic.AtomicLong bytesReceived = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong messagesReceived = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean connected;

  private Subscription(String callerId, TopicSpec spec, InetSocketAddress publisher, Settings settings,
      SubscriptionListener listener) {
    this.spec = spec;
    this.publisher = publisher;
    this.settings = settings;
    this.listener = listener;
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, callerId);
    h.put(ConnectionHeader.TOPIC, spec.topic());
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.put(ConnectionHeader.TYPE, spec.type());
    h.put(ConnectionHeader.TCP_NODELAY, settings.tcpNoDelay() ? "1" : "0");
    h.put(ConnectionHeader.MESSAGE_DEFINITION, spec.messageDefinition());
    this.header = ConnectionHeader.encode(h).toArray();
    this.reader = new Thread(this::run, "pyros-sub-" + threads.incrementAndGet() + spec.topic());
    reader.setDaemon(true);
  }

  /**
   * Connects to a publisher (address from its node's {@code requestTopic}) and keeps the
   * connection up until closed.
   *
   * @param callerId our node name
   * @param spec the topic as we expect it ({@code md5sum "*"} accepts any type)
   */
  public static Subscription connect(String callerId, TopicSpec spec, InetSocketAddress publisher, Settings settings,
      SubscriptionListener listener) {
    Subscription s = new Subscription(callerId, spec, publisher, settings, listener);
    s.reader.start();
    return s;
  }

  /** {@link #connect} with {@link Settings#DEFAULT}. */
  public static Subscription connect(String callerId, TopicSpec spec, InetSocketAddress publisher,
      SubscriptionListener listener) {
    return connect(callerId, spec, publisher, Settings.DEFAULT, listener);
  }

  public InetSocketAddress publisher() {
    return publisher;
  }

  public TopicSpec spec() {
    return spec;
  }

  /** The header of the current (or last) accepted connection: callerid, type, message_definition... */
  public Optional<Map<String, String>> publisherHeader() {
    return Optional.ofNullable(publisherHeader);
  }

  /** This connection's number among the node's connections (getBusInfo, getBusStats). */
  public int id() {
    return id;
  }

  /** Bytes of messages received over every connection to this publisher, length prefixes included. */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  /** Messages received over every connection to this publisher. */
  public long messagesReceived() {
    return messagesReceived.get();
  }

  /** True while a connection is up (its header accepted). */
  public boolean isConnected() {
    return connected;
  }

  /** True while closed or refused for good. */
  public boolean isFinished() {
    return closed || refused;
  }

  /** Disconnects and stops reconnecting. */
  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      if (socket != null) {
        TcprosServer.closeQuietly(socket); // unblocks the reader's read
      }
    }
    reader.interrupt(); // cuts a backoff wait short
  }

  /**
   * The reader thread: connect, read until the connection ends, wait, again. Whatever goes wrong
   * (out of memory included) ends one connection, never the thread. The wait doubles after each
   * connection that ends soon (one refused for an oversized frame, say), and starts over only
   * after one that lasted longer than the longest wait.
   */
  private void run() {
    backoff = settings.minBackoff();
    while (!closed) {
      Throwable cause;
      long connectedFor;
      try {
        connectedAt = 0;
        cause = connectAndRead();
        connectedFor = connectedAt == 0 ? 0 : System.nanoTime() - connectedAt;
      } catch (RuntimeException | VirtualMachineError e) {
        cause = e;
        connectedFor = 0;
      }
      if (connectedFor > settings.maxBackoff().toNanos()) {
        backoff = settings.minBackoff();
      }
      boolean retry = !closed && !refused;
      if (closed) {
        log.debug("Subscription to {} at {} closed", spec.topic(), publisher);
      } else {
        log.info("Subscription to {} at {} ended{}: {}", spec.topic(), publisher,
            retry ? ", retrying in " + backoff.toMillis() + " ms" : "", cause.toString());
      }
      try {
        listener.onDisconnected(cause, retry);
      } catch (RuntimeException | VirtualMachineError e) {
        log.warn("Listener of {} failed on disconnect", spec.topic(), e);
      }
      if (!retry) {
        return;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(backoff.toMillis()); // reconnect backoff; close() interrupts it
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }
  }

  /** One connection, from connect to its end; returns why it ended. */
  private Throwable connectAndRead() {
    Socket s = new Socket();
    synchronized (lock) {
      if (closed) {
        return new TcprosException(ErrorCode.UNAVAILABLE, "subscription to " + spec.topic() + " closed");
      }
      socket = s;
    }
    try {
      s.setTcpNoDelay(settings.tcpNoDelay());
      s.setKeepAlive(true); // a publisher whose host vanished is noticed in time, not never
      s.connect(publisher, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
      s.getOutputStream().write(header);
      InputStream in = new BufferedInputStream(s.getInputStream(), READ_BUFFER_BYTES);
      String peer = publisher.toString();
      accept(Frames.readFrameAsItArrives(in, ConnectionHeader.MAX_HEADER_BYTES, "connection header", peer));
      while (true) {
        // The array grows as the bytes come: a publisher that merely announces a large frame gets
        // us to reserve little. Up to MESSAGE_UP_FRONT_BYTES it is one array from the start.
        ByteString message = ByteString.fromArrayUnsafe(
            Frames.readFrame(in, settings.maxFrameBytes(), "message", peer, MESSAGE_UP_FRONT_BYTES));
        bytesReceived.addAndGet(4L + message.size());
        messagesReceived.incrementAndGet();
        try {
          listener.onMessage(message);
        } catch (RuntimeException | VirtualMachineError e) {
          // Out of memory or stack while decoding one message: that message is lost, not the subscription.
          log.warn("Listener of {} failed on a message", spec.topic(), e);
        }
      }
    } catch (EOFException e) {
      return new TcprosException(ErrorCode.UNAVAILABLE, "publisher " + publisher + " closed the connection of " + spec.topic());
    } catch (IOException | RuntimeException | VirtualMachineError e) {
      return e;
    } finally {
      connected = false;
      TcprosServer.closeQuietly(s);
    }
  }

  /** Checks the publisher's reply header; throws (and marks us refused) when it turns us down. */
  private void accept(byte[] body) {
    Map<String, String> reply = ConnectionHeader.decodeBody(ByteString.fromArrayUnsafe(body));
    String error = reply.get(ConnectionHeader.ERROR);
    if (error != null) {
      refused = true;
      throw new TcprosException(ErrorCode.UNAVAILABLE, "publisher " + publisher + " refused " + spec.topic() + ": " + error);
    }
    String theirs = reply.get(ConnectionHeader.MD5SUM);
    if (!ConnectionHeader.ANY_MD5SUM.equals(spec.md5sum()) && !spec.md5sum().equals(theirs)) {
      refused = true;
      throw new TcprosException(ErrorCode.UNKNOWN_TYPE, "publisher " + publisher + " of " + spec.topic()
          + " sends " + reply.get(ConnectionHeader.TYPE) + " md5sum " + theirs + ", we expect "
          + spec.type() + " md5sum " + spec.md5sum());
    }
    publisherHeader = reply;
    connected = true;
    connectedAt = System.nanoTime();
    listener.onConnected(reply);
  }
}
