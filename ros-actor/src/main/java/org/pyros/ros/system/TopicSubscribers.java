package org.pyros.ros.system;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.BoundedDelivery;
import org.pyros.core.system.TopicTraffic;
import org.pyros.ros.master.RosResult;
import org.pyros.ros.msg.Ros1Decoder;
import org.pyros.ros.tcpros.Subscription;
import org.pyros.ros.tcpros.SubscriptionListener;
import org.pyros.ros.tcpros.TopicSpec;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our subscription to one topic: a TCPROS connection to each publisher the master lists, and
 * the local consumers the decoded messages go to (each through its own bounded queue). Messages
 * are decoded once, whatever the number of consumers.
 */
final class TopicSubscribers implements SubscriptionListener {
  private static final Logger log = LoggerFactory.getLogger(TopicSubscribers.class);

  private final XmlRpcClient xmlrpc;
  private final String nodeName;
  private final URI self;
  private final TopicSpec spec;
  private final MessageType type;
  private final ConnectAttempts attempts;
  private final TopicTraffic traffic;
  private final List<BoundedDelivery<Message>> consumers = new CopyOnWriteArrayList<>();
  // Publisher node API URI -> its connection (null while requestTopic is under way). Guarded by this.
  private final Map<URI, Subscription> connections = new HashMap<>();
  // How many publisherUpdate calls the master has made. Guarded by this.
  private long updates;
  private volatile boolean closed;

  /** @param self our own node API URI: our own publications reach us in process, not over TCPROS */
  TopicSubscribers(XmlRpcClient xmlrpc, String nodeName, URI self, TopicSpec spec, MessageType type, ConnectAttempts attempts,
      TopicTraffic traffic) {
    this.attempts = attempts;
    this.traffic = traffic;
    this.xmlrpc = xmlrpc;
    this.nodeName = nodeName;
    this.self = self;
    this.spec = spec;
    this.type = type;
  }

  TopicSpec spec() {
    return spec;
  }

  void add(BoundedDelivery<Message> consumer) {
    consumers.add(consumer);
  }

  /** Removes a consumer; true when none is left. */
  boolean remove(BoundedDelivery<Message> consumer) {
    consumers.remove(consumer);
    consumer.close();
    return consumers.isEmpty();
  }

  /** How many publisherUpdate calls have come so far: read it before registering with the master. */
  synchronized long updates() {
    return updates;
  }

  /** The master's publisherUpdate: the whole list of publishers as it is now. */
  void publisherUpdate(List<URI> publishers) {
    apply(publishers, -1);
  }

  /**
   * The publishers the master answered a registerSubscriber with. The answer and a publisherUpdate
   * travel on different connections, so the answer may come last: it is then older than the update
   * and is ignored (applying it would drop a publisher the update had just added).
   *
   * @param updatesBefore {@link #updates()} read before the registration was sent
   */
  void registered(long updatesBefore, List<URI> publishers) {
    apply(publishers, updatesBefore);
  }

  /** Connects to publishers newly listed and drops those no longer listed. */
  private void apply(List<URI> publishers, long updatesBefore) {
    List<URI> added = new ArrayList<>();
    List<Subscription> dropped = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      if (updatesBefore < 0) {
        updates++;
      } else if (updatesBefore != updates) {
        return;
      }
      Set<URI> wanted = new HashSet<>(publishers);
      wanted.remove(self);
      for (URI uri : List.copyOf(connections.keySet())) {
        if (!wanted.contains(uri)) {
          Subscription s = connections.remove(uri);
          if (s != null) {
            dropped.add(s);
          }
        }
      }
      for (URI uri : wanted) {
        if (!connections.containsKey(uri)) {
          connections.put(uri, null);
          added.add(uri);
        }
      }
    }
    dropped.forEach(Subscription::close);
    added.forEach(this::connect);
  }

  /** Asks the publisher's node where to connect (requestTopic), then connects; a few at a time node-wide. */
  private void connect(URI publisher) {
    if (!attempts.submit(() -> attempt(publisher))) {
      synchronized (this) {
        connections.remove(publisher, null);
      }
    }
  }

  private synchronized boolean awaited(URI publisher) {
    return !closed && connections.containsKey(publisher) && connections.get(publisher) == null;
  }

  private java.util.concurrent.CompletionStage<?> attempt(URI publisher) {
    if (!awaited(publisher)) {
      return java.util.concurrent.CompletableFuture.completedFuture(null); // dropped from the list meanwhile
    }
    return xmlrpc.call(publisher, "requestTopic", nodeName, spec.topic(), List.of(List.of("TCPROS")))
        .thenApply(result -> RosResult.value("requestTopic", result, ErrorCode.NOT_FOUND))
        .whenComplete((value, failure) -> {
          if (failure != null) {
            log.warn("Publisher {} of {} refused or did not answer requestTopic: {}", publisher, spec.topic(), failure.getMessage());
            synchronized (this) {
              connections.remove(publisher, null);
            }
            return;
          }
          InetSocketAddress address = tcprosAddress(value);
          if (address == null) {
            log.warn("Publisher {} of {} answered requestTopic with {}", publisher, spec.topic(), value);
            return;
          }
          Subscription s = Subscription.connect(nodeName, spec, address, this);
          boolean keep;
          synchronized (this) {
            keep = !closed && connections.containsKey(publisher) && connections.get(publisher) == null;
            if (keep) {
              connections.put(publisher, s);
            }
          }
          if (!keep) {
            s.close(); // the publisher left, or we unsubscribed, while we were connecting
          }
        });
  }

  private static InetSocketAddress tcprosAddress(Object value) {
    if (value instanceof List<?> p && p.size() >= 3 && "TCPROS".equals(p.get(0)) && p.get(1) instanceof String host
        && p.get(2) instanceof Integer port) {
      return new InetSocketAddress(host, port);
    }
    return null;
  }

  @Override
  public void onMessage(ByteString bytes) {
    traffic.received(bytes.size());
    Message message;
    try {
      message = Ros1Decoder.decode(type, bytes);
    } catch (RuntimeException e) {
      log.warn("Dropped a message on {} that does not decode as {}: {}", spec.topic(), type.name(), e.getMessage());
      return;
    }
    for (BoundedDelivery<Message> c : consumers) {
      c.offer(message);
    }
  }

  /** A message our own node published on this topic. */
  void deliverLocal(Message message) {
    for (BoundedDelivery<Message> c : consumers) {
      c.offer(message);
    }
  }

  @Override
  public void onDisconnected(Throwable cause, boolean willRetry) {
    if (!willRetry && cause != null && !closed) {
      log.warn("Gave up a publisher of {}: {}", spec.topic(), cause.getMessage());
    }
  }

  /** The publishers the master listed last, connected or not. */
  synchronized Set<URI> publishers() {
    return Set.copyOf(connections.keySet());
  }

  /** Connections made (up or reconnecting), for getBusInfo and getBusStats: publisher node URI -> connection. */
  synchronized Map<URI, Subscription> connected() {
    Map<URI, Subscription> out = new HashMap<>();
    connections.forEach((uri, s) -> {
      if (s != null && !s.isFinished()) {
        out.put(uri, s);
      }
    });
    return out;
  }

  void close() {
    List<Subscription> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(connections.values());
      connections.clear();
    }
    all.stream().filter(s -> s != null).forEach(Subscription::close);
    consumers.forEach(BoundedDelivery::close);
    consumers.clear();
  }
}
