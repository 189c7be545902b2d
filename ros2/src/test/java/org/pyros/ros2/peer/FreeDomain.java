package org.pyros.ros2.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.pyros.ros2.rtps.transport.PortMapping;

/**
 * Picks a DDS domain id whose ports on loopback are free, so that tests run in parallel with
 * other test runs (and peers on domain 0) without hearing each other.
 */
public final class FreeDomain {
  /** Participant indexes checked per domain: enough for a test's participants and peers. */
  public static final int INDEXES = 10;

  private FreeDomain() {}

  /** A domain in 100..200 (random start) whose SPDP port and first {@link #INDEXES} participants' ports are free. */
  public static int pick() {
    int start = ThreadLocalRandom.current().nextInt(101);
    for (int i = 0; i <= 100; i++) {
      int domain = 100 + (start + i) % 101;
      if (portsFree(domain)) {
        return domain;
      }
    }
    throw new IllegalStateException("no domain in 100..200 with free ports on loopback");
  }

  static boolean portsFree(int domain) {
    PortMapping m = PortMapping.DEFAULT;
    List<Integer> ports = new ArrayList<>();
    ports.add(m.spdpMulticast(domain));
    ports.add(m.userMulticast(domain));
    for (int i = 0; i < INDEXES; i++) {
      ports.add(m.metatrafficUnicast(domain, i));
      ports.add(m.userUnicast(domain, i));
    }
    List<DatagramChannel> held = new ArrayList<>();
    try {
      for (int port : ports) {
        DatagramChannel ch = DatagramChannel.open();
        held.add(ch);
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      for (DatagramChannel ch : held) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // nothing bound to free
        }
      }
    }
  }
}
