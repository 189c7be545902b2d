package org.pyros.ros.slave;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What the node API ({@link SlaveApi}) needs to know of, and tell, the node it serves. */
public interface SlaveNode {
  URI masterUri();

  /** Topics we publish, as {@code [topic, type]} pairs. */
  List<List<Object>> publications();

  /** Topics we subscribe to, as {@code [topic, type]} pairs. */
  List<List<Object>> subscriptions();

  /**
   * Our connections, as {@code getBusInfo} lists them: {@code [connectionId, destination,
   * direction ("i"/"o"), transport, topic, connected]}.
   */
  List<List<Object>> busInfo();

  /**
   * Traffic per connection, as {@code getBusStats} lists it: {@code [publishStats,
   * subscribeStats, serviceStats]}, with {@code [topic, [[connectionId, bytesSent, messagesSent,
   * connected]...]]} per publication and {@code [topic, [[connectionId, bytesReceived,
   * dropEstimate, connected]...]]} per subscription (-1: no estimate).
   */
  List<Object> busStats();

  /** The TCPROS address subscribers of {@code topic} connect to, when we publish it. */
  Optional<InetSocketAddress> tcprosEndpoint(String topic);

  /** The master's current list of publishers of a topic; false when we do not subscribe to it. */
  boolean publisherUpdate(String topic, List<URI> publishers);

  /** A parameter we subscribed to changed; false when we did not subscribe to {@code key}. */
  boolean paramUpdate(String key, Object value);

  /**
   * Someone (the master on a name clash, or {@code rosnode kill}) asks this node to shut down.
   * True when the node shuts down (it may finish after the answer is sent); false when its
   * configuration forbids it.
   */
  boolean shutdownRequested(String caller, String reason);
}
