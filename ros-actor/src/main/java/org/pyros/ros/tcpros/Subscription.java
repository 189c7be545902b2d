package org.pyros.ros.tcpros;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our subscription to one publisher, on a {@link TcprosConnection}: sends our header, checks the
 * reply, then hands each message to a {@link SubscriptionListener}. A lost or failed connection is
 * retried with a growing delay until {@link #close()}; a refusal by the publisher (error header,
 * md5 mismatch) is final.
 *
 * <p>Each subscription has its own reader thread blocked on its socket (as rospy does): the
 * kernel wakes the thread that decodes, with no hand-off in between, and a message up to
 * {@link TcprosLimits#upFrontBytes()} is read straight into the one array that holds it (a larger
 * one grows as its bytes arrive, so what a publisher announces is never reserved before it is
 * sent).
 */
public final class Subscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);
  private static final AtomicInteger threads = new AtomicInteger();

  /**
   * How a subscription connects.
   *
   * @param tcpNoDelay ask the publisher for TCP_NODELAY (and set it on our socket)
   * @param minBackoff first reconnect delay, doubled per failure up to {@code maxBackoff}
   * @param limits frame limit, header deadline, connect timeout
   */
  public record Settings(boolean tcpNoDelay, Duration minBackoff, Duration maxBackoff, TcprosLimits limits) {
    public static final Settings DEFAULT = new Settings(
        true, Duration.ofMillis(200), Duration.ofSeconds(10), TcprosLimits.DEFAULT);
  }

  private final String callerId;
  private final TopicSpec spec;
  private final InetSocketAddress publisher;
  private final Settings settings;
  private final SubscriptionListener listener;
  private final Thread reader;
  private final Object lock = new Object();
  private TcprosConnection connection; // the current one; guarded by lock
  private volatile Map<String, String> publisherHeader;
  private volatile boolean closed;
  private volatile boolean refused;
  private Duration backoff; // touched by the reader thread only
  private long connectedAt; // when the current connection's header was accepted; reader thread only
  private final int id = ConnectionIds.next();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong messagesReceived = new AtomicLong();
  private volatile boolean connected;

  private Subscription(String callerId, TopicSpec spec, InetSocketAddress publisher, Settings settings,
      SubscriptionListener listener) {
    this.callerId = callerId;
    this.spec = spec;
    this.publisher = publisher;
    this.settings = settings;
    this.listener = listener;
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
      if (connection != null) {
        connection.close(); // unblocks the reader's connect or read
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
    TcprosConnection c;
    synchronized (lock) {
      if (closed) {
        return new TcprosException(ErrorCode.UNAVAILABLE, "subscription to " + spec.topic() + " closed");
      }
      try {
        c = TcprosConnection.create(settings.limits());
      } catch (IOException e) {
        return e;
      }
      connection = c;
    }
    try {
      c.connect(publisher, settings.tcpNoDelay());
      accepted(c.subscribe(callerId, spec, settings.tcpNoDelay()));
      while (true) {
        ByteString message = ByteString.fromArrayUnsafe(c.readFrame("message"));
        bytesReceived.addAndGet(4L + message.size());
        messagesReceived.incrementAndGet();
        try {
          listener.onMessage(message);
        } catch (RuntimeException | VirtualMachineError e) {
          // Out of memory or stack while decoding one message: that message is lost, not the subscription.
          log.warn("Listener of {} failed on a message", spec.topic(), e);
        }
      }
    } catch (RefusedConnectionException e) {
      refused = true;
      return e;
    } catch (EOFException e) {
      return new TcprosException(ErrorCode.UNAVAILABLE, "publisher " + publisher + " closed the connection of " + spec.topic());
    } catch (IOException | RuntimeException | VirtualMachineError e) {
      return e;
    } finally {
      connected = false;
      c.close();
    }
  }

  private void accepted(Map<String, String> reply) {
    publisherHeader = reply;
    connected = true;
    connectedAt = System.nanoTime();
    listener.onConnected(reply);
  }
}
