package org.pyros.ros2.rtps.transport;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a participant's sockets go: its domain, its participant index (-1: the first index whose
 * ports are free, up to {@code maxAutoIndex}), the address the unicast sockets bind, and the
 * interface for SPDP multicast (empty: no multicast socket at all).
 */
public record TransportSettings(int domainId, int participantIndex, int maxAutoIndex, InetAddress bindAddress,
    Optional<NetworkInterface> multicast, PortMapping ports) {
  /** The receive and send buffer sizes asked of the kernel (it may grant less). */
  public static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

  public TransportSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(multicast, "multicast");
    Objects.requireNonNull(ports, "ports");
    if (participantIndex < -1) {
      throw new IllegalArgumentException("participant index must be -1 (first free) or >= 0, got " + participantIndex);
    }
    if (maxAutoIndex < 0) {
      throw new IllegalArgumentException("maxAutoIndex must be >= 0, got " + maxAutoIndex);
    }
    ports.spdpMulticast(domainId); // refuses a domain without ports
  }
}
