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

  /** The TCPROS address subscribers of {@code topic} connect to, when we publish it. */
  Optional<InetSocketAddress> tcprosEndpoint(String topic);

  /** The master's current list of publishers of a topic we subscribe to. */
  void publisherUpdate(String topic, List<URI> publishers);

  /** A parameter we subscribed to changed. */
  void paramUpdate(String key, Object value);

  /** Someone (normally the master, on a name clash) asks this node to shut down. */
  void shutdownRequested(String caller, String reason);
}
