package org.pyros.ros2.rtps.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.wire.Submessage.Data;

/**
 * Reads the real Cyclone DDS 0.10 to Fast DDS 2.9 capture in the shared folder: every RTPS
 * datagram parses completely, and what MessageBuilder writes of it parses to the same submessages.
 */
class CaptureParseTest {
  static final String CAPTURE = "cyclone-to-fastdds-chatter.pcap";

  static boolean isRtps(ByteBuffer b) {
    return b.remaining() >= 4 && b.get(b.position()) == 'R' && b.get(b.position() + 1) == 'T'
        && b.get(b.position() + 2) == 'P' && b.get(b.position() + 3) == 'S';
  }

  @Test
  void everyRtpsDatagramOfTheCaptureParsesCompletely() throws IOException {
    List<PcapFile.Udp> datagrams = PcapFile.udpDatagrams(PcapFile.sharedCapture(CAPTURE));
    int rtps = 0;
    Set<Class<?>> kinds = new HashSet<>();
    Set<Integer> vendors = new HashSet<>();
    for (PcapFile.Udp udp : datagrams) {
      if (!isRtps(udp.payload())) {
        // Cyclone sends a 1-byte datagram to its own data port when it stops (to wake its receive thread).
        assertTrue(udp.payload().remaining() < Header.LENGTH, "frame " + udp.index() + " is neither RTPS nor tiny");
        assertThrows(RtpsFormatException.class, () -> MessageReader.parse(udp.payload()));
        continue;
      }
      rtps++;
      ParsedMessage m = MessageReader.parse(udp.payload());
      assertNull(m.error(), "frame " + udp.index() + ": " + m.error());
      assertTrue(!m.submessages().isEmpty(), "frame " + udp.index() + " has submessages");
      vendors.add(m.header().vendorId());
      m.submessages().forEach(r -> kinds.add(r.submessage().getClass()));
    }
    assertTrue(rtps > 100, "the capture holds " + rtps + " RTPS datagrams");
    assertEquals(Set.of(0x010f, 0x0110), vendors, "Fast DDS and Cyclone");
    assertEquals(Set.of(Submessage.Data.class, Submessage.Heartbeat.class, Submessage.AckNack.class,
        Submessage.InfoDestination.class, Submessage.InfoTimestamp.class), kinds);
  }

  @Test
  void fastDdsVendorSubmessageIsSkipped() throws IOException {
    // Every Fast DDS message ends with a vendor-specific submessage (id 0x80): skipped, not an error.
    for (PcapFile.Udp udp : PcapFile.udpDatagrams(PcapFile.sharedCapture(CAPTURE))) {
      ByteBuffer p = udp.payload();
      if (isRtps(p) && p.getShort(6) == 0x010f) {
        ParsedMessage m = MessageReader.parse(p);
        assertNull(m.error());
        int last = lastSubmessageOffset(p);
        assertEquals(0x80, p.get(last) & 0xff, "frame " + udp.index());
        return;
      }
    }
    throw new AssertionError("no Fast DDS message in the capture");
  }

  private static int lastSubmessageOffset(ByteBuffer p) {
    int pos = Header.LENGTH;
    int last = pos;
    while (pos + 4 <= p.limit()) {
      last = pos;
      ByteOrder o = (p.get(pos + 1) & 1) != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      pos += 4 + (p.duplicate().order(o).getShort(pos + 2) & 0xffff);
    }
    return last;
  }

  @Test
  void userDataOfTheCycloneWriterIsTheChatterStrings() throws IOException {
    int samples = 0;
    for (PcapFile.Udp udp : PcapFile.udpDatagrams(PcapFile.sharedCapture(CAPTURE))) {
      if (!isRtps(udp.payload())) {
        continue;
      }
      for (Received r : MessageReader.parse(udp.payload()).submessages()) {
        if (r.submessage() instanceof Data d && !d.writerId().isBuiltin() && d.payload() != null) {
          ByteBuffer cdr = d.payload().duplicate();
          Encapsulation e = Encapsulation.read(cdr);
          assertEquals(Encapsulation.CDR_LE, e.kind());
          assertEquals(d.payload().remaining() - 4 - e.paddingBytes(), 4 + cdr.duplicate().order(ByteOrder.LITTLE_ENDIAN)
              .getInt(), "the options count the padding after the string");
          int length = cdr.order(ByteOrder.LITTLE_ENDIAN).getInt();
          byte[] s = new byte[length - 1];
          cdr.get(s);
          assertTrue(new String(s, StandardCharsets.UTF_8).matches("hello \\d+"), new String(s, StandardCharsets.UTF_8));
          assertTrue(r.context().timestamp() != null, "Cyclone sends INFO_TS before each sample");
          samples++;
        }
      }
    }
    assertTrue(samples >= 3, samples + " samples");
  }

  @Test
  void whatTheBuilderWritesOfTheCaptureReadsTheSame() throws IOException {
    MessageBuilder b = new MessageBuilder(GuidPrefix.UNKNOWN, 65507);
    for (PcapFile.Udp udp : PcapFile.udpDatagrams(PcapFile.sharedCapture(CAPTURE))) {
      if (!isRtps(udp.payload())) {
        continue;
      }
      List<Submessage> read = MessageReader.parse(udp.payload()).submessages().stream().map(Received::submessage)
          .toList();
      b.reset();
      read.forEach(s -> assertTrue(b.add(s)));
      List<Submessage> again = MessageReader.parse(b.finish()).submessages().stream().map(Received::submessage)
          .toList();
      assertEquals(read, again, "frame " + udp.index());
    }
  }
}
