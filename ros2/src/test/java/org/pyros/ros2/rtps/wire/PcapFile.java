package org.pyros.ros2.rtps.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The UDP datagrams of a classic pcap capture (tcpdump's format): global header, record headers,
 * then the frames of the link type the file names (Ethernet, Linux cooked v1/v2, BSD loopback,
 * raw IP) carrying IPv4 and UDP. Fragmented IP packets and other protocols are left out.
 */
public final class PcapFile {
  /** One UDP datagram: ports and payload (a read-only view of the file's bytes). */
  public record Udp(int index, int sourcePort, int destinationPort, ByteBuffer payload) {}

  private static final int LINK_NULL = 0;
  private static final int LINK_ETHERNET = 1;
  private static final int LINK_RAW = 101;
  private static final int LINK_RAW_OPENBSD = 12;
  private static final int LINK_LINUX_SLL = 113;
  private static final int LINK_LINUX_SLL2 = 276;

  private PcapFile() {}

  public static List<Udp> udpDatagrams(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).asReadOnlyBuffer();
    if (b.remaining() < 24) {
      throw new IOException(file + ": too short for a pcap file");
    }
    int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
      b.order(ByteOrder.BIG_ENDIAN);
      magic = b.getInt(0);
      if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
        throw new IOException(file + String.format(": not a pcap file (magic %08x); pcapng is not read", magic));
      }
    }
    int linkType = b.getInt(20) & 0x0fffffff;
    List<Udp> out = new ArrayList<>();
    int pos = 24;
    int index = 0;
    while (pos + 16 <= b.limit()) {
      int captured = b.getInt(pos + 8);
      int original = b.getInt(pos + 12);
      pos += 16;
      if (captured < 0 || captured > b.limit() - pos) {
        throw new IOException(file + ": record " + index + " runs past the end of the file");
      }
      if (captured != original) {
        throw new IOException(file + ": record " + index + " was truncated by the capture's snapshot length");
      }
      ByteBuffer frame = b.slice(pos, captured);
      pos += captured;
      index++;
      Udp udp = udp(index, frame, linkType);
      if (udp != null) {
        out.add(udp);
      }
    }
    return out;
  }

  private static Udp udp(int index, ByteBuffer frame, int linkType) throws IOException {
    frame.order(ByteOrder.BIG_ENDIAN);
    int ip;
    switch (linkType) {
      case LINK_ETHERNET -> {
        int type = frame.getShort(12) & 0xffff;
        ip = 14;
        if (type == 0x8100) { // one 802.1Q tag
          type = frame.getShort(16) & 0xffff;
          ip = 18;
        }
        if (type != 0x0800) {
          return null;
        }
      }
      case LINK_LINUX_SLL -> {
        if ((frame.getShort(14) & 0xffff) != 0x0800) {
          return null;
        }
        ip = 16;
      }
      case LINK_LINUX_SLL2 -> {
        if ((frame.getShort(0) & 0xffff) != 0x0800) {
          return null;
        }
        ip = 20;
      }
      case LINK_NULL -> {
        // The address family in the capturing host's byte order: AF_INET is 2 everywhere.
        int family = frame.getInt(0);
        if (family != 2 && family != 0x02000000) {
          return null;
        }
        ip = 4;
      }
      case LINK_RAW, LINK_RAW_OPENBSD -> ip = 0;
      default -> throw new IOException("link type " + linkType + " is not read");
    }
    if ((frame.get(ip) & 0xf0) != 0x40 || frame.get(ip + 9) != 17) {
      return null; // not IPv4, or not UDP
    }
    int flagsAndOffset = frame.getShort(ip + 6) & 0xffff;
    if ((flagsAndOffset & 0x3fff) != 0) {
      return null; // a fragment (more fragments, or an offset): not one whole datagram
    }
    int udp = ip + (frame.get(ip) & 0x0f) * 4;
    int udpLength = frame.getShort(udp + 4) & 0xffff;
    if (udpLength < 8 || udp + udpLength > frame.limit()) {
      throw new IOException("frame " + index + ": UDP length " + udpLength + " outside the frame");
    }
    return new Udp(index, frame.getShort(udp) & 0xffff, frame.getShort(udp + 2) & 0xffff,
        frame.slice(udp + 8, udpLength - 8).asReadOnlyBuffer());
  }

  /** {@code <repo>/../shared/dds-peer/captures/NAME}, from the module directory the tests run in. */
  public static Path sharedCapture(String name) {
    Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path shared = module.getParent().getParent().resolve("shared");
    Path capture = shared.resolve("dds-peer").resolve("captures").resolve(name);
    if (!Files.isRegularFile(capture)) {
      throw new AssertionError("capture " + capture + " is missing: the tests expect the project's shared folder at "
          + shared + " (next to the repository, module directory " + module + ")");
    }
    return capture;
  }
}
