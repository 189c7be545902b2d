package org.pyros.ros2.rtps.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.wire.Encapsulation;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Header;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.MessageBuilder;
import org.pyros.ros2.rtps.wire.MessageReader;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParsedMessage;
import org.pyros.ros2.rtps.wire.PcapFile;
import org.pyros.ros2.rtps.wire.Received;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Submessage.Heartbeat;
import org.pyros.ros2.rtps.wire.Timestamp;

/**
 * A real Cyclone DDS 0.10 participant (ddsperf, loopback configuration, a domain of the test's
 * own) accepts the DATA(p) that MessageBuilder and ParticipantData write: it answers on the
 * locator only that DATA(p) named, with its own DATA(p) addressed to our prefix, and its SEDP
 * writers send heartbeats to the SEDP readers our builtin endpoint set announced. Everything it
 * sends parses without error.
 */
class CycloneSpdpInteropTest {
  private Process ddsperf;
  private DatagramChannel channel;
  private Selector selector;

  @AfterEach
  void stop() throws Exception {
    if (ddsperf != null) {
      ddsperf.destroy();
      if (!ddsperf.waitFor(5, TimeUnit.SECONDS)) {
        ddsperf.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (selector != null) {
      selector.close();
    }
    if (channel != null) {
      channel.close();
    }
  }

  /** A domain whose participant index 0 ports are free on loopback now. */
  static int freeDomain() throws IOException {
    int start = ThreadLocalRandom.current().nextInt(40, 200);
    for (int d = start; d < start + 30; d++) {
      int base = 7400 + 250 * d;
      try (DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", base + 10));
          DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", base + 11))) {
        return d;
      } catch (IOException busy) {
        // taken: try the next domain
      }
    }
    throw new IOException("no free DDS domain between " + start + " and " + (start + 30));
  }

  @Test
  void cycloneDiscoversTheParticipantWeAnnounce() throws Exception {
    Path ddsperfBinary = Path.of("/usr/bin/ddsperf");
    assertTrue(Files.isExecutable(ddsperfBinary), "ddsperf missing: run sh ../shared/dds-peer/install.sh (Debian's cyclonedds-tools)");
    Path config = PcapFile.sharedCapture("cyclone-to-fastdds-chatter.pcap").getParent().getParent()
        .resolve("cyclonedds-loopback.xml");
    int domain = freeDomain();
    int cycloneDiscoveryPort = 7400 + 250 * domain + 10;
    channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    channel.configureBlocking(false);
    selector = Selector.open();
    channel.register(selector, SelectionKey.OP_READ);
    int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();

    ProcessBuilder pb = new ProcessBuilder(ddsperfBinary.toString(), "-i", Integer.toString(domain), "-D", "30", "sub");
    pb.environment().put("CYCLONEDDS_URI", "file://" + config.toAbsolutePath());
    pb.redirectErrorStream(true).redirectOutput(new File("target/cyclone-spdp-interop.log"));
    ddsperf = pb.start();

    GuidPrefix prefix = new GuidPrefix(0x01ff0000_00000000L | ThreadLocalRandom.current().nextInt() & 0xffffffffL,
        ThreadLocalRandom.current().nextInt());
    ParticipantData me = new ParticipantData(prefix, Header.PYROS_VENDOR_ID, Header.MINOR, domain,
        List.of(Locator.udpV4("127.0.0.1", port)), List.of(), List.of(Locator.udpV4("127.0.0.1", port)), List.of(),
        ParticipantData.SIMPLE_DISCOVERY, Duration.ofSeconds(10), ParticipantData.enclaveUserData("/"), "pyros-wire");
    MessageBuilder builder = new MessageBuilder(prefix, 1400);
    builder.infoTimestamp(Timestamp.now());
    builder.add(new Data(EntityId.SPDP_READER, EntityId.SPDP_WRITER, 1, ParameterList.EMPTY, me.toPayload(), false));
    ByteBuffer announcement = builder.finish();

    ParticipantData cyclone = null;
    boolean sedpHeartbeat = false;
    ByteBuffer in = ByteBuffer.allocateDirect(65536);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    long nextAnnouncement = 0;
    while ((cyclone == null || !sedpHeartbeat) && System.nanoTime() < deadline) {
      if (System.nanoTime() >= nextAnnouncement) {
        // Until Cyclone's sockets are up, announcements are lost: repeat them, as SPDP does.
        channel.send(announcement.duplicate(), new InetSocketAddress("127.0.0.1", cycloneDiscoveryPort));
        nextAnnouncement = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      }
      selector.select(50);
      selector.selectedKeys().clear();
      in.clear();
      SocketAddress from = channel.receive(in);
      if (from == null) {
        continue;
      }
      in.flip();
      ParsedMessage m = MessageReader.parse(in);
      assertNull(m.error(), "Cyclone's datagram parses: " + m.error());
      assertEquals(0x0110, m.header().vendorId());
      for (Received r : m.submessages()) {
        assertTrue(r.context().isFor(prefix), "for us: " + r.context());
        if (r.submessage() instanceof Data d && d.writerId().equals(EntityId.SPDP_WRITER) && d.payload() != null
            && !d.keyOnly()) {
          cyclone = ParticipantData.fromParameterList(Encapsulation.readParameterList(d.payload()));
        } else if (r.submessage() instanceof Heartbeat h && h.writerId().equals(EntityId.SEDP_PUBLICATIONS_WRITER)) {
          sedpHeartbeat = true;
        }
      }
    }
    assertNotNull(cyclone, "Cyclone answered our DATA(p) on the locator it named (log: target/cyclone-spdp-interop.log)");
    assertEquals(0x0110, cyclone.vendorId());
    assertEquals(domain, cyclone.domainId());
    assertEquals(List.of(Locator.udpV4("127.0.0.1", cycloneDiscoveryPort)), cyclone.metatrafficUnicast());
    assertTrue(sedpHeartbeat, "Cyclone's SEDP publications writer matched the reader our builtin endpoint set announced");
  }
}
