package org.pyros.ros.tcpros;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing end of one topic on a {@link TcprosServer}: each connected subscriber gets its
 * own bounded queue (full = oldest dropped), so a slow subscriber holds at most
 * {@code queueSize} messages and never delays the others, and its own writer thread (its
 * {@link TcprosConnection}'s), which sends what is queued with one gathering write (no hand-off
 * per write). Created by {@link TcprosServer#advertise}.
 */
public final class Publication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Publication.class);

  /** One connected subscriber. */
  public static final class SubscriberLink {
    private final String callerId;
    private final String remote;
    private final SubscriberQueue queue;
    private final TcprosConnection connection;
    private final int id = ConnectionIds.next();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();

    SubscriberLink(String callerId, SubscriberQueue queue, TcprosConnection connection) {
      this.callerId = callerId;
      this.remote = connection.peer();
      this.queue = queue;
      this.connection = connection;
    }

    /** The subscriber's node name, from its header. */
    public String callerId() {
      return callerId;
    }

    /** The subscriber's address as host:port. */
    public String remote() {
      return remote;
    }

    /** This connection's number among the node's connections (getBusInfo, getBusStats). */
    public int id() {
      return id;
    }

    /** Bytes of messages written to this subscriber, length prefixes included. */
    public long bytesSent() {
      return bytesSent.get();
    }

    /** Messages written to this subscriber. */
    public long messagesSent() {
      return messagesSent.get();
    }

    /** Messages dropped so far because this subscriber's queue was full. */
    public long dropped() {
      return queue.dropped();
    }

    /** Messages waiting in this subscriber's queue now. */
    public int queued() {
      return queue.size();
    }

    SubscriberQueue queue() {
      return queue;
    }
  }

  private final TcprosServer server;
  private final TopicSpec spec;
  private final boolean latch;
  private final int queueSize;
  private final Runnable onDrop;
  private final List<SubscriberLink> subscribers = new CopyOnWriteArrayList<>();
  private ByteString latched; // guarded by this
  private boolean closed; // guarded by this

  Publication(TcprosServer server, TopicSpec spec, boolean latch, int queueSize, Runnable onDrop) {
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize must be at least 1, got " + queueSize);
    }
    this.server = server;
    this.spec = spec;
    this.latch = latch;
    this.queueSize = queueSize;
    this.onDrop = onDrop;
  }

  public TopicSpec spec() {
    return spec;
  }

  public boolean latching() {
    return latch;
  }

  public int queueSize() {
    return queueSize;
  }

  /**
   * Queues one serialized message for every connected subscriber (and keeps it for late
   * subscribers when latching). Never blocks; the body is not copied.
   */
  public void publish(ByteString serializedMessage) {
    ByteString frame = Frames.frame(serializedMessage);
    synchronized (this) {
      if (closed) {
        return;
      }
      if (latch) {
        latched = frame;
      }
      // under the lock so a subscriber joining now gets either the latched frame or this one, once
      for (SubscriberLink s : subscribers) {
        s.queue().offer(frame);
      }
    }
  }

  /** Subscribers connected now. */
  public List<SubscriberLink> subscribers() {
    return List.copyOf(subscribers);
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  /** Stops publishing: unregisters from the server and closes every subscriber connection. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      latched = null;
    }
    server.removePublication(this);
    for (SubscriberLink s : subscribers) {
      s.queue().close();
      s.connection.close();
    }
  }

  /**
   * Serves a subscriber whose header asks for this topic, on the calling (connection) thread,
   * until it leaves or the publication closes: refuses it with an error header, or answers with
   * ours and writes what is queued for it.
   */
  void serve(TcprosConnection connection) throws IOException {
    if (!connection.acceptSubscriber(server.callerId(), spec, latch)) {
      return;
    }
    String callerId = connection.peerHeader().get(ConnectionHeader.CALLERID);
    SubscriberLink link = new SubscriberLink(callerId, new SubscriberQueue(queueSize, server.limits().writeBatchBytes(), onDrop),
        connection);
    if (!join(link)) {
      return; // the publication closed meanwhile
    }
    try {
      write(link);
    } finally {
      link.queue().close();
      leave(link);
    }
  }

  /** The writer loop: queued frames out; when idle, a look whether the subscriber is gone. */
  private void write(SubscriberLink link) throws IOException {
    ByteBuffer probe = ByteBuffer.allocate(256);
    while (link.connection.isOpen()) {
      List<ByteString> batch;
      try {
        batch = link.queue().take(IDLE_CHECK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      if (!batch.isEmpty()) {
        List<ByteBuffer> buffers = new ArrayList<>();
        long bytes = 0;
        for (ByteString frame : batch) {
          frame.getByteBuffers().forEach(buffers::add);
          bytes += frame.size();
        }
        link.connection.write(buffers.toArray(ByteBuffer[]::new));
        link.bytesSent.addAndGet(bytes);
        link.messagesSent.addAndGet(batch.size());
      } else if (link.connection.peerClosed(probe)) {
        return;
      }
    }
  }

  /** How long a writer waits for a message before it checks that its subscriber is still there. */
  private static final long IDLE_CHECK_MILLIS = 1000;

  private boolean join(SubscriberLink link) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      subscribers.add(link);
      if (latched != null) {
        link.queue().offer(latched);
      }
    }
    log.debug("Subscriber {} ({}) connected to {}", link.callerId(), link.remote(), spec.topic());
    return true;
  }

  private void leave(SubscriberLink link) {
    subscribers.remove(link);
    log.debug("Subscriber {} ({}) left {}", link.callerId(), link.remote(), spec.topic());
  }
}
