package org.pyros.ros2.rtps.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Header;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.MessageReader;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParsedMessage;
import org.pyros.ros2.rtps.wire.Received;
import org.pyros.ros2.rtps.wire.ReceiveContext;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.rtps.wire.Submessage.Data;

class SpdpTest {
  static final GuidPrefix PREFIX = GuidPrefix.of(new byte[] {1, (byte) 0xff, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  static final ParticipantData SELF = new ParticipantData(PREFIX, Header.PYROS_VENDOR_ID, Header.MINOR, 7,
      List.of(Locator.udpV4("127.0.0.1", 9160)), List.of(), List.of(Locator.udpV4("127.0.0.1", 9161)), List.of(),
      0x3f, Duration.ofSeconds(10), ParticipantData.enclaveUserData("/"), "");

  private static Received onlyData(ByteBuffer datagram) {
    ParsedMessage m = MessageReader.parse(datagram);
    assertEquals(null, m.error());
    return m.submessages().stream().filter(r -> r.submessage() instanceof Data).findFirst().orElseThrow();
  }

  @Test
  void anAnnouncementReadsBackAsTheParticipantItAnnounces() {
    Spdp spdp = new Spdp(PREFIX);
    Received r = onlyData(spdp.announcement(SELF));
    Data d = (Data) r.submessage();
    assertEquals(EntityId.SPDP_WRITER, d.writerId());
    assertEquals(EntityId.SPDP_READER, d.readerId());
    assertEquals(PREFIX, r.context().source());
    Spdp.Event e = Spdp.read(r.context(), d).orElseThrow();
    assertEquals(new Spdp.Event.Alive(SELF), e);
  }

  @Test
  void eachAnnouncementIsANewSample() {
    Spdp spdp = new Spdp(PREFIX);
    long first = ((Data) onlyData(spdp.announcement(SELF)).submessage()).writerSn();
    long second = ((Data) onlyData(spdp.announcement(SELF)).submessage()).writerSn();
    assertNotEquals(first, second);
    assertTrue(second > first);
  }

  @Test
  void aDisposalNamesTheParticipantThatLeaves() {
    Spdp spdp = new Spdp(PREFIX);
    Received r = onlyData(spdp.disposal());
    Data d = (Data) r.submessage();
    assertTrue(StatusInfo.isGone(d.inlineQos()));
    Spdp.Event e = Spdp.read(r.context(), d).orElseThrow();
    assertEquals(new Spdp.Event.Gone(PREFIX), e);
  }

  @Test
  void aDisposeWithoutKeyNamesTheSender() {
    GuidPrefix other = GuidPrefix.of(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    ReceiveContext c = new ReceiveContext(other, GuidPrefix.UNKNOWN, null, 0x0110);
    Data d = new Data(EntityId.SPDP_READER, EntityId.SPDP_WRITER, 3, ParameterList.EMPTY, null, false);
    assertInstanceOf(Spdp.Event.Gone.class, Spdp.read(c, d).orElseThrow());
    assertEquals(other, ((Spdp.Event.Gone) Spdp.read(c, d).orElseThrow()).participant());
  }

  @Test
  void aPayloadThatIsNotParticipantDataIsRefused() {
    ReceiveContext c = new ReceiveContext(PREFIX, GuidPrefix.UNKNOWN, null, 0x0110);
    ByteBuffer junk = ByteBuffer.wrap(new byte[] {0, 3, 0, 0, 0x50, 0, 4, 0, 1, 2, 3, 4, 1, 0, 0, 0});
    Data d = new Data(EntityId.SPDP_READER, EntityId.SPDP_WRITER, 1, ParameterList.EMPTY, junk, false);
    assertThrows(RtpsFormatException.class, () -> Spdp.read(c, d));
  }
}
