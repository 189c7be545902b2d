package org.pyros.ros2.rtps.transport;

/**
 * The well-known UDP ports of a domain (DDS-RTPS 9.6.1.1): port base PB, domain gain DG,
 * participant gain PG and the offsets d0 (SPDP multicast), d1 (metatraffic unicast), d2 (user
 * multicast) and d3 (user unicast). Cyclone DDS and Fast DDS use the spec's defaults.
 */
public record PortMapping(int portBase, int domainGain, int participantGain, int d0, int d1, int d2, int d3) {
  public static final PortMapping DEFAULT = new PortMapping(7400, 250, 2, 0, 10, 1, 11);

  /** Port of SPDP (and default metatraffic) multicast: PB + DG·domain + d0. */
  public int spdpMulticast(int domainId) {
    return check(portBase + domainGain * checkDomain(domainId) + d0);
  }

  /** Port of user-data multicast: PB + DG·domain + d2. */
  public int userMulticast(int domainId) {
    return check(portBase + domainGain * checkDomain(domainId) + d2);
  }

  /** Port of a participant's metatraffic (discovery) unicast: PB + DG·domain + d1 + PG·index. */
  public int metatrafficUnicast(int domainId, int participantIndex) {
    return check(portBase + domainGain * checkDomain(domainId) + d1 + participantGain * checkIndex(participantIndex));
  }

  /** Port of a participant's user-data unicast: PB + DG·domain + d3 + PG·index. */
  public int userUnicast(int domainId, int participantIndex) {
    return check(portBase + domainGain * checkDomain(domainId) + d3 + participantGain * checkIndex(participantIndex));
  }

  /** The largest participant index whose ports still fit in 16 bits in that domain. */
  public int maxParticipantIndex(int domainId) {
    int base = portBase + domainGain * checkDomain(domainId) + Math.max(d1, d3);
    return Math.max(-1, (0xffff - base) / participantGain);
  }

  private int checkDomain(int domainId) {
    if (domainId < 0 || portBase + domainGain * (long) domainId + Math.max(Math.max(d0, d1), Math.max(d2, d3)) > 0xffff) {
      throw new IllegalArgumentException("domain id " + domainId + " has no ports in 0..65535 (DDS allows 0..232)");
    }
    return domainId;
  }

  private static int checkIndex(int participantIndex) {
    if (participantIndex < 0) {
      throw new IllegalArgumentException("participant index must be >= 0, got " + participantIndex);
    }
    return participantIndex;
  }

  private static int check(int port) {
    if (port > 0xffff) {
      throw new IllegalArgumentException("port " + port + " is beyond 65535");
    }
    return port;
  }
}
