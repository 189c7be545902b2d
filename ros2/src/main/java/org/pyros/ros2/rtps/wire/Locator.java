package org.pyros.ros2.rtps.wire;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where an endpoint listens: a kind (UDPv4, UDPv6, ...), a port and a 16-byte address (an IPv4
 * address in its last four bytes). Immutable: the address array is copied in and out.
 */
public final class Locator {
  public static final int LENGTH = 24;
  public static final int KIND_INVALID = -1;
  public static final int KIND_UDPV4 = 1;
  public static final int KIND_UDPV6 = 2;

  private final int kind;
  private final int port;
  private final byte[] address;

  public Locator(int kind, int port, byte[] address) {
    if (address.length != 16) {
      throw new IllegalArgumentException("a locator address has 16 bytes, got " + address.length);
    }
    this.kind = kind;
    this.port = port;
    this.address = address.clone();
  }

  /** A UDPv4 locator for an IPv4 address and port. */
  public static Locator udpV4(InetAddress ipv4, int port) {
    byte[] a = ipv4.getAddress();
    if (a.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
    }
    byte[] address = new byte[16];
    System.arraycopy(a, 0, address, 12, 4);
    return new Locator(KIND_UDPV4, port, address);
  }

  public static Locator udpV4(String ipv4, int port) {
    try {
      return udpV4(InetAddress.getByName(ipv4), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 address: " + ipv4, e);
    }
  }

  /** Reads kind and port in the buffer's byte order, then the 16 address octets. */
  public static Locator read(ByteBuffer in) {
    int kind = in.getInt();
    int port = in.getInt();
    byte[] address = new byte[16];
    in.get(address);
    return new Locator(kind, port, address);
  }

  public void write(ByteBuffer out) {
    out.putInt(kind).putInt(port).put(address);
  }

  public int kind() {
    return kind;
  }

  /** The port; an unsigned 32-bit value on the wire, UDP uses the low 16 bits. */
  public int port() {
    return port;
  }

  public byte[] address() {
    return address.clone();
  }

  /** True for a UDPv4 locator with a usable port. */
  public boolean isUdpV4() {
    return kind == KIND_UDPV4 && port > 0 && port <= 0xffff;
  }

  /** The socket address of a UDPv4 locator. */
  public InetSocketAddress toSocketAddress() {
    if (!isUdpV4()) {
      throw new IllegalStateException("not a UDPv4 locator: " + this);
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(address, 12, 16)), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True for a multicast IPv4 address (224.0.0.0/4). */
  public boolean isMulticast() {
    return kind == KIND_UDPV4 && (address[12] & 0xf0) == 0xe0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Locator l && l.kind == kind && l.port == port && Arrays.equals(l.address, address);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * kind + port) + Arrays.hashCode(address);
  }

  @Override
  public String toString() {
    if (kind == KIND_UDPV4) {
      return "udpv4:" + (address[12] & 0xff) + "." + (address[13] & 0xff) + "." + (address[14] & 0xff) + "."
          + (address[15] & 0xff) + ":" + port;
    }
    return "locator(" + kind + "):" + port;
  }
}
