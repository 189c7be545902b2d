package org.pyros.ros2.rtps.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.wire.Submessage.AckNack;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Submessage.DataFrag;
import org.pyros.ros2.rtps.wire.Submessage.Gap;
import org.pyros.ros2.rtps.wire.Submessage.Heartbeat;
import org.pyros.ros2.rtps.wire.Submessage.HeartbeatFrag;
import org.pyros.ros2.rtps.wire.Submessage.InfoDestination;
import org.pyros.ros2.rtps.wire.Submessage.InfoSource;
import org.pyros.ros2.rtps.wire.Submessage.InfoTimestamp;
import org.pyros.ros2.rtps.wire.Submessage.NackFrag;
import org.pyros.ros2.rtps.wire.Submessage.Pad;

/** Every submessage written by MessageBuilder reads back equal, and so does big-endian input written by hand. */
class MessageRoundTripTest {
  static final GuidPrefix SRC = GuidPrefix.of(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  static final GuidPrefix DST = GuidPrefix.of(bytes(0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac));
  static final EntityId RD = EntityId.user(0x000107, EntityId.KIND_READER_NO_KEY);
  static final EntityId WR = EntityId.user(0x000102, EntityId.KIND_WRITER_NO_KEY);

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  static ParameterList qos(ByteOrder order) {
    return new ParameterListWriter(order).putInt(ParameterId.PID_STATUS_INFO, 3)
        .putString(ParameterId.PID_TOPIC_NAME, "rt/x").toParameterList();
  }

  static List<Submessage> everySubmessage(ByteOrder qosOrder) {
    ByteBuffer payload = ByteBuffer.wrap("\0\1\0\0hello, fours".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer fragment = ByteBuffer.wrap(new byte[10]);
    return List.of(
        new InfoDestination(DST),
        new InfoTimestamp(new Timestamp(1_700_000_000, 0x80000000)),
        new Data(RD, WR, 5, ParameterList.EMPTY, payload, false),
        new Data(RD, WR, (7L << 32) | 0xfffffff0L, qos(qosOrder), payload, true),
        new Data(EntityId.UNKNOWN, WR, 6, qos(qosOrder), null, false),
        new DataFrag(RD, WR, 9, 3, 1, 10, 30, ParameterList.EMPTY, fragment),
        new DataFrag(RD, WR, 9, 3, 1, 10, 23, qos(qosOrder), ByteBuffer.wrap(new byte[3])),
        new Heartbeat(RD, WR, 1, 0, 7, true, false),
        new Heartbeat(RD, WR, 3, 300, -2, false, true),
        new HeartbeatFrag(RD, WR, 9, 4, 2),
        new AckNack(RD, WR, NumberSet.of(10, 10, 12, 265), 3, true),
        new AckNack(RD, WR, NumberSet.empty(1), 1, false),
        new NackFrag(RD, WR, 9, NumberSet.of(2, 2, 40), 5),
        new Gap(RD, WR, 4, NumberSet.of(8, 9)),
        new Pad(),
        new InfoTimestamp(null),
        new InfoSource(0x0203, 0x010f, DST));
  }

  static List<Submessage> submessages(ParsedMessage m) {
    assertNull(m.error(), m.error());
    return m.submessages().stream().map(Received::submessage).toList();
  }

  @Test
  void everySubmessageReadsBackAsWritten() {
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      MessageBuilder b = new MessageBuilder(SRC, 1400);
      List<Submessage> all = everySubmessage(order);
      for (Submessage s : all) {
        assertTrue(b.add(s), s.toString());
      }
      ByteBuffer datagram = b.finish();
      assertEquals(0, datagram.remaining() % 4, "submessages keep 4-byte alignment");
      ParsedMessage m = MessageReader.parse(datagram);
      assertEquals(Header.pyros(SRC), m.header());
      assertEquals(all, submessages(m));
    }
  }

  @Test
  void bigEndianDataIsWrittenBigEndianAndLittleEndianOtherwise() {
    MessageBuilder b = new MessageBuilder(SRC, 1400);
    b.add(new Data(RD, WR, 1, qos(ByteOrder.BIG_ENDIAN), null, false));
    b.add(new Heartbeat(RD, WR, 1, 1, 1, false, false));
    ByteBuffer d = b.finish();
    assertEquals(0, d.get(Header.LENGTH + 1) & 1, "DATA with big-endian inline QoS has E clear");
    int hb = Header.LENGTH + 4 + (d.get(Header.LENGTH + 2) << 8 | d.get(Header.LENGTH + 3) & 0xff);
    assertEquals(SubmessageId.HEARTBEAT, d.get(hb));
    assertEquals(1, d.get(hb + 1) & 1, "HEARTBEAT is little endian");
  }

  @Test
  void contextFollowsInfoSubmessages() {
    MessageBuilder b = new MessageBuilder(SRC, 1400);
    Timestamp ts = new Timestamp(100, 1);
    b.add(new Heartbeat(RD, WR, 1, 1, 1, false, false));
    b.infoDestination(DST);
    b.infoTimestamp(ts);
    b.add(new Heartbeat(RD, WR, 1, 2, 2, false, false));
    b.add(new InfoSource(0x0201, 0x0110, DST));
    b.add(new Heartbeat(RD, WR, 1, 3, 3, false, false));
    b.infoTimestamp(ts);
    b.infoDestination(GuidPrefix.UNKNOWN);
    b.add(new Heartbeat(RD, WR, 1, 4, 4, false, false));
    List<Received> r = MessageReader.parse(b.finish()).submessages();
    assertEquals(new ReceiveContext(SRC, GuidPrefix.UNKNOWN, null, Header.PYROS_VENDOR_ID), r.get(0).context());
    assertEquals(new ReceiveContext(SRC, DST, ts, Header.PYROS_VENDOR_ID), r.get(3).context());
    // INFO_SRC changes source and vendor and drops the timestamp (8.3.7.9.4), not the destination.
    assertEquals(new ReceiveContext(DST, DST, null, 0x0110), r.get(5).context());
    assertEquals(new ReceiveContext(DST, GuidPrefix.UNKNOWN, ts, 0x0110), r.get(8).context());
    assertTrue(r.get(8).context().isFor(SRC));
    assertFalse(r.get(5).context().isFor(SRC));
  }

  @Test
  void payloadIsAReadOnlyViewOfTheDatagram() {
    MessageBuilder b = new MessageBuilder(SRC, 1400);
    b.add(new Data(RD, WR, 1, ParameterList.EMPTY, ByteBuffer.wrap(bytes(0, 1, 0, 0, 42, 43, 44, 45)), false));
    ByteBuffer copy = ByteBuffer.allocate(b.size()).put(b.finish()).flip();
    Data d = (Data) MessageReader.parse(copy).submessages().get(0).submessage();
    assertTrue(d.payload().isReadOnly());
    copy.put(copy.limit() - 1, (byte) 99);
    assertEquals(99, d.payload().get(7), "a view, not a copy");
    assertEquals(0, copy.position(), "parse leaves the datagram's position alone");
  }

  @Test
  void builderReportsWhatDoesNotFitAndStartsAgain() {
    MessageBuilder b = new MessageBuilder(SRC, 200);
    assertTrue(b.isEmpty());
    b.infoDestination(DST);
    assertTrue(b.isEmpty(), "INFO_DST alone is not worth sending");
    Data big = new Data(RD, WR, 1, ParameterList.EMPTY, ByteBuffer.allocate(120), false);
    assertTrue(b.add(big));
    assertFalse(b.isEmpty());
    assertEquals(200 - Header.LENGTH - 16 - MessageBuilder.encodedSize(big), b.remaining());
    assertFalse(b.add(big), "a second one does not fit");
    int size = b.size();
    assertEquals(size, b.finish().remaining(), "a refused add writes nothing");
    b.reset();
    assertTrue(b.isEmpty());
    assertEquals(Header.LENGTH, b.finish().remaining());
    assertTrue(b.add(big));
    assertEquals(List.of(big), submessages(MessageReader.parse(b.finish())));
  }

  @Test
  void payloadOfOddLengthIsPaddedAndThePaddingCounted() {
    MessageBuilder b = new MessageBuilder(SRC, 200);
    b.add(new Data(RD, WR, 1, ParameterList.EMPTY, ByteBuffer.wrap(bytes(0, 1, 0, 0, 'h', 'i', 0)), false));
    b.add(new Heartbeat(RD, WR, 1, 1, 1, false, false));
    List<Submessage> read = submessages(MessageReader.parse(b.finish()));
    ByteBuffer payload = ((Data) read.get(0)).payload();
    assertEquals(ByteBuffer.wrap(bytes(0, 1, 0, 1, 'h', 'i', 0, 0)), payload);
    assertEquals(1, Encapsulation.read(payload.duplicate()).paddingBytes());
    assertEquals(new Heartbeat(RD, WR, 1, 1, 1, false, false), read.get(1));
  }

  @Test
  void dataFragWithWrongFragmentBytesIsRefusedBeforeAnythingIsWritten() {
    MessageBuilder b = new MessageBuilder(SRC, 200);
    DataFrag bad = new DataFrag(RD, WR, 1, 1, 1, 10, 30, ParameterList.EMPTY, ByteBuffer.allocate(9));
    try {
      b.add(bad);
    } catch (IllegalArgumentException expected) {
      assertEquals(Header.LENGTH, b.size());
      return;
    }
    throw new AssertionError("accepted " + bad);
  }
}
