package org.pyros.ros2.system;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pyros.ros2.rtps.ParticipantSettings;
import org.pyros.ros2.rtps.transport.PortMapping;

/**
 * Where and how the ROS 2 system joins a graph (see {@code pyros.ros2} in reference.conf).
 *
 * @param domainId the DDS domain (ROS_DOMAIN_ID)
 * @param nodeName the Pyros node's global name, e.g. {@code /pyros}
 * @param bindAddress the interface our sockets listen on (loopback by default)
 * @param peers where other participants are looked for: {@code host} (every participant index
 *     of the domain on that host, up to {@code maxPeerIndex}) or {@code host:port}
 * @param maxPeerIndex highest participant index tried on a peer host
 * @param participantIndex our participant index, -1 for the first free one
 * @param leaseDuration how long peers keep us without hearing from us
 * @param announcePeriod how often we announce ourselves
 * @param multicastInterface the interface for multicast discovery, "" for none (the default:
 *     multicast leaves the machine on a real interface)
 * @param qos the QoS of each topic
 */
public record Ros2Settings(
    int domainId,
    String nodeName,
    InetAddress bindAddress,
    List<String> peers,
    int maxPeerIndex,
    int participantIndex,
    Duration leaseDuration,
    Duration announcePeriod,
    String multicastInterface,
    QosProfiles qos) {

  public Ros2Settings {
    if (domainId < 0 || domainId > 232) {
      throw new IllegalArgumentException("a ROS 2 domain id is 0..232 (its ports must fit in 16 bits), got " + domainId);
    }
    peers = List.copyOf(peers);
    // The node's name is global everywhere it is used (ros_discovery_info, its parameter services).
    nodeName = nodeName.startsWith("/") ? nodeName : "/" + nodeName;
  }

  /** Reads {@code pyros.ros2} from the configuration. */
  public static Ros2Settings fromConfig(Config config) {
    Config c = config.getConfig("pyros.ros2");
    return new Ros2Settings(
        c.getInt("domain-id"),
        globalName(c.getString("namespace"), c.getString("node-name")),
        address(c.getString("bind-address")),
        c.getStringList("peers"),
        c.getInt("max-peer-index"),
        c.getInt("participant-index"),
        c.getDuration("lease-duration"),
        c.getDuration("announce-period"),
        c.getString("multicast-interface"),
        QosProfiles.fromConfig(c.getConfig("qos")));
  }

  /** Loopback settings for a domain: peers on 127.0.0.1, no multicast, ROS 2's default QoS. */
  public static Ros2Settings loopback(int domainId, String nodeName) {
    return new Ros2Settings(domainId, globalName("/", nodeName), InetAddress.getLoopbackAddress(), List.of("127.0.0.1"),
        19, -1, Duration.ofSeconds(10), Duration.ofSeconds(2), "", QosProfiles.defaults());
  }

  public Ros2Settings withNodeName(String name) {
    return new Ros2Settings(domainId, globalName("/", name), bindAddress, peers, maxPeerIndex, participantIndex,
        leaseDuration, announcePeriod, multicastInterface, qos);
  }

  public Ros2Settings withDomain(int domain) {
    return new Ros2Settings(domain, nodeName, bindAddress, peers, maxPeerIndex, participantIndex, leaseDuration,
        announcePeriod, multicastInterface, qos);
  }

  public Ros2Settings withQos(QosProfiles q) {
    return new Ros2Settings(domainId, nodeName, bindAddress, peers, maxPeerIndex, participantIndex, leaseDuration,
        announcePeriod, multicastInterface, q);
  }

  public Ros2Settings withLease(Duration lease, Duration announce) {
    return new Ros2Settings(domainId, nodeName, bindAddress, peers, maxPeerIndex, participantIndex, lease, announce,
        multicastInterface, qos);
  }

  /**
   * The participant's settings: peers given as a host stand for every participant index of the
   * domain on that host; multicast only on the named interface.
   */
  public ParticipantSettings participantSettings() {
    List<InetSocketAddress> targets = new ArrayList<>();
    for (String peer : peers) {
      int colon = peer.lastIndexOf(':');
      if (colon > 0 && peer.indexOf(':') == colon) {
        targets.add(new InetSocketAddress(peer.substring(0, colon), Integer.parseInt(peer.substring(colon + 1))));
      } else {
        for (int i = 0; i <= maxPeerIndex; i++) {
          targets.add(new InetSocketAddress(peer, PortMapping.DEFAULT.metatrafficUnicast(domainId, i)));
        }
      }
    }
    Optional<NetworkInterface> multicast = Optional.empty();
    if (!multicastInterface.isEmpty()) {
      try {
        multicast = Optional.ofNullable(NetworkInterface.getByName(multicastInterface));
      } catch (SocketException e) {
        throw new IllegalArgumentException("multicast interface " + multicastInterface + ": " + e.getMessage(), e);
      }
      if (multicast.isEmpty()) {
        throw new IllegalArgumentException("no network interface named " + multicastInterface);
      }
    }
    ParticipantSettings base = ParticipantSettings.loopback(domainId);
    return new ParticipantSettings(domainId, participantIndex, bindAddress, targets, maxPeerIndex, leaseDuration,
        announcePeriod, multicast, "/", base.writer(), base.reader());
  }

  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("pyros.ros2.bind-address: unknown host " + host, e);
    }
  }

  static String globalName(String namespace, String name) {
    if (name.startsWith("/")) {
      return name;
    }
    String ns = namespace.isEmpty() || namespace.equals("/") ? "" : (namespace.startsWith("/") ? namespace : "/" + namespace);
    return (ns.endsWith("/") ? ns.substring(0, ns.length() - 1) : ns) + "/" + name;
  }
}
