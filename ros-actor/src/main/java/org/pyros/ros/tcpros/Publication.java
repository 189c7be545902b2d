package org.pyros.ros.tcpros;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing end of one topic on a {@link TcprosServer}: each connected subscriber gets its
 * own bounded queue (full = oldest dropped), so a slow subscriber holds at most
 * {@code queueSize} messages and never delays the others, and its own writer thread, which
 * sends what is queued with one gathering write on a plain socket (no copy of the message in
 * user space, no hand-off per write). Created by {@link TcprosServer#advertise}.
 */
public final class Publication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Publication.class);

  /** One connected subscriber. */
  public static final class SubscriberLink {
    private final String callerId;
    private final String remote;
    private final SubscriberQueue queue;
    private final SocketChannel channel;
    private final int id = ConnectionIds.next();
    private final java.util.concurrent.atomic.AtomicLong bytesSent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong messagesSent = new java.util.concurrent.atomic.AtomicLong();

    SubscriberLink(String callerId, String remote, SubscriberQueue queue, SocketChannel channel) {
      this.callerId = callerId;
      this.remote = remote;
      this.queue = queue;
      this.channel = channel;
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
  private final ByteString replyHeader;
  private final List<SubscriberLink> subscribers = new CopyOnWriteArrayList<>();
  private ByteString latched; // guarded by this
  private boolean closed; // guarded by this

  Publication(TcprosServer server, TopicSpec spec, boolean latch, int queueSize) {
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize must be at least 1, got " + queueSize);
    }
    this.server = server;
    this.spec = spec;
    this.latch = latch;
    this.queueSize = queueSize;
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, server.callerId());
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.put(ConnectionHeader.TYPE, spec.type());
    h.put(ConnectionHeader.LATCHING, latch ? "1" : "0");
    h.put(ConnectionHeader.MESSAGE_DEFINITION, spec.messageDefinition());
    h.put(ConnectionHeader.TOPIC, spec.topic());
    this.replyHeader = ConnectionHeader.encode(h);
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
      TcprosServer.closeQuietly(s.channel);
    }
  }

  /**
   * Serves a subscriber whose header asks for this topic, on the calling (connection) thread,
   * until it leaves or the publication closes: refuses it with an error header, or answers with
   * ours and writes what is queued for it.
   */
  void serve(Map<String, String> header, SocketChannel channel, String remote) throws IOException {
    String md5 = header.get(ConnectionHeader.MD5SUM);
    String callerId = header.getOrDefault(ConnectionHeader.CALLERID, "?");
    if (md5 == null || !header.containsKey(ConnectionHeader.CALLERID)) {
      Refusal.refuse(channel, "missing required field '" + (md5 == null ? "md5sum" : "callerid") + "'");
      return;
    }
    if (!md5.equals(ConnectionHeader.ANY_MD5SUM) && !md5.equals(spec.md5sum())) {
      Refusal.refuse(channel, "Client [" + callerId + "] wants topic [" + spec.topic() + "] to have datatype/md5sum ["
          + header.getOrDefault(ConnectionHeader.TYPE, "*") + "/" + md5 + "], but our version has ["
          + spec.type() + "/" + spec.md5sum() + "]. Dropping connection.");
      return;
    }
    TcprosServer.writeFully(channel, replyHeader);
    SubscriberLink link = new SubscriberLink(callerId, remote, new SubscriberQueue(queueSize, server.writeBatchBytes()), channel);
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
    while (link.channel.isOpen()) {
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
        TcprosServer.writeFully(link.channel, buffers.toArray(ByteBuffer[]::new));
        link.bytesSent.addAndGet(bytes);
        link.messagesSent.addAndGet(batch.size());
      } else if (gone(link.channel, probe)) {
        return;
      }
    }
  }

  /** True when the subscriber closed its side (a subscriber sends nothing after its header). */
  private static boolean gone(SocketChannel channel, ByteBuffer probe) throws IOException {
    synchronized (channel.blockingLock()) {
      channel.configureBlocking(false);
      try {
        return channel.read(probe.clear()) < 0;
      } finally {
        channel.configureBlocking(true);
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
