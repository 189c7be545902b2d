package org.pyros.ros.tcpros;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing end of one topic on a {@link TcprosServer}: each connected subscriber gets its
 * own bounded queue (full = oldest dropped), so a slow subscriber holds at most
 * {@code queueSize} messages and never delays the others. Created by
 * {@link TcprosServer#advertise}.
 */
public final class Publication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Publication.class);

  /** One connected subscriber. */
  public static final class SubscriberLink {
    private final String callerId;
    private final String remote;
    private final SubscriberQueue queue;

    SubscriberLink(String callerId, String remote, SubscriberQueue queue) {
      this.callerId = callerId;
      this.remote = remote;
      this.queue = queue;
    }

    /** The subscriber's node name, from its header. */
    public String callerId() {
      return callerId;
    }

    /** The subscriber's address as host:port. */
    public String remote() {
      return remote;
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
  private final SharedKillSwitch killSwitch;
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
    this.killSwitch = KillSwitches.shared("publication" + spec.topic());
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
    killSwitch.shutdown();
  }

  /** The connection flow for a subscriber whose header asks for this topic. */
  Flow<ByteString, ByteString, NotUsed> accept(Map<String, String> header, String remote) {
    String md5 = header.get(ConnectionHeader.MD5SUM);
    String callerId = header.getOrDefault(ConnectionHeader.CALLERID, "?");
    if (md5 == null || !header.containsKey(ConnectionHeader.CALLERID)) {
      return Refusal.flow("missing required field '" + (md5 == null ? "md5sum" : "callerid") + "'");
    }
    if (!md5.equals(ConnectionHeader.ANY_MD5SUM) && !md5.equals(spec.md5sum())) {
      return Refusal.flow("Client [" + callerId + "] wants topic [" + spec.topic() + "] to have datatype/md5sum ["
          + header.getOrDefault(ConnectionHeader.TYPE, "*") + "/" + md5 + "], but our version has ["
          + spec.type() + "/" + spec.md5sum() + "]. Dropping connection.");
    }
    SubscriberQueue queue = new SubscriberQueue(queueSize, server.writeBatchBytes());
    SubscriberLink link = new SubscriberLink(callerId, remote, queue);
    Source<ByteString, NotUsed> out = Source.single(replyHeader)
        .concat(Source.fromGraph(queue.source(() -> join(link), () -> leave(link))));
    // Coupled: the subscriber closing its side ends our writing side and the other way round.
    return Flow.fromSinkAndSourceCoupled(Sink.<ByteString>ignore(), out).via(killSwitch.flow());
  }

  private void join(SubscriberLink link) {
    synchronized (this) {
      if (closed) {
        return;
      }
      subscribers.add(link);
      if (latched != null) {
        link.queue().offer(latched);
      }
    }
    log.debug("Subscriber {} ({}) connected to {}", link.callerId(), link.remote(), spec.topic());
  }

  private void leave(SubscriberLink link) {
    subscribers.remove(link);
    log.debug("Subscriber {} ({}) left {}", link.callerId(), link.remote(), spec.topic());
  }
}
