package org.pyros.ros2.rtps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pyros.ros2.rtps.endpoint.ReaderSettings;
import org.pyros.ros2.rtps.endpoint.WriterSettings;
import org.pyros.ros2.rtps.transport.PortMapping;

/**
 * How a {@link Participant} joins its domain.
 *
 * @param domainId the DDS domain (0..232)
 * @param participantIndex the participant index, -1 for the first one whose ports are free
 * @param bindAddress the address the unicast sockets bind and announce
 * @param initialPeers where SPDP announcements go; empty: {@code bindAddress} at the metatraffic
 *     ports of participant indexes 0..maxPeerIndex (what Cyclone DDS and Fast DDS do with a
 *     unicast peer address)
 * @param maxPeerIndex the highest participant index announced to, and the highest tried for a free one
 * @param leaseDuration how long peers keep us without hearing an announcement
 * @param announcePeriod how often we announce (well below the lease)
 * @param multicast the interface for SPDP multicast; empty: no multicast at all
 * @param enclave the ROS 2 security enclave announced in the participant's user data ("/")
 * @param writer the tunables of every writer (user and built-in)
 * @param reader the tunables of every reader (user and built-in)
 */
public record ParticipantSettings(int domainId, int participantIndex, InetAddress bindAddress,
    List<InetSocketAddress> initialPeers, int maxPeerIndex, Duration leaseDuration, Duration announcePeriod,
    Optional<NetworkInterface> multicast, String enclave, WriterSettings writer, ReaderSettings reader) {

  public ParticipantSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    initialPeers = List.copyOf(initialPeers);
    Objects.requireNonNull(multicast, "multicast");
    Objects.requireNonNull(enclave, "enclave");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(reader, "reader");
    PortMapping.DEFAULT.spdpMulticast(domainId); // refuses a domain without ports
    if (participantIndex < -1) {
      throw new IllegalArgumentException("participantIndex must be -1 (first free) or >= 0: " + participantIndex);
    }
    if (maxPeerIndex < 0 || maxPeerIndex > PortMapping.DEFAULT.maxParticipantIndex(domainId)) {
      throw new IllegalArgumentException("maxPeerIndex out of range: " + maxPeerIndex);
    }
    if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("leaseDuration must be at least 1 s: " + leaseDuration);
    }
    if (announcePeriod.isNegative() || announcePeriod.isZero() || announcePeriod.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException("announcePeriod must be positive and below the lease: " + announcePeriod);
    }
  }

  /**
   * Loopback only: sockets on 127.0.0.1, SPDP to 127.0.0.1 at participant indexes 0..19 (as the
   * shared Cyclone configuration does), no multicast, a 10 s lease announced every 3 s (Cyclone's
   * defaults), enclave "/".
   */
  public static ParticipantSettings loopback(int domainId) {
    return new ParticipantSettings(domainId, -1, InetAddress.getLoopbackAddress(), List.of(), 19,
        Duration.ofSeconds(10), Duration.ofSeconds(3), Optional.empty(), "/", WriterSettings.DEFAULT,
        ReaderSettings.DEFAULT);
  }

  public ParticipantSettings withLease(Duration lease, Duration announce) {
    return new ParticipantSettings(domainId, participantIndex, bindAddress, initialPeers, maxPeerIndex, lease, announce,
        multicast, enclave, writer, reader);
  }

  public ParticipantSettings withParticipantIndex(int index) {
    return new ParticipantSettings(domainId, index, bindAddress, initialPeers, maxPeerIndex, leaseDuration,
        announcePeriod, multicast, enclave, writer, reader);
  }

  public ParticipantSettings withInitialPeers(List<InetSocketAddress> peers) {
    return new ParticipantSettings(domainId, participantIndex, bindAddress, peers, maxPeerIndex, leaseDuration,
        announcePeriod, multicast, enclave, writer, reader);
  }

  /** Where SPDP announcements go: the initial peers, or the bind address at indexes 0..maxPeerIndex. */
  public List<InetSocketAddress> announceTargets() {
    if (!initialPeers.isEmpty()) {
      return initialPeers;
    }
    List<InetSocketAddress> targets = new ArrayList<>();
    for (int i = 0; i <= maxPeerIndex; i++) {
      targets.add(new InetSocketAddress(bindAddress, PortMapping.DEFAULT.metatrafficUnicast(domainId, i)));
    }
    return targets;
  }
}
