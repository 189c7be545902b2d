package org.pyros.ros2.rtps.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros2.rtps.wire.MessageRoundTripTest.DST;
import static org.pyros.ros2.rtps.wire.MessageRoundTripTest.RD;
import static org.pyros.ros2.rtps.wire.MessageRoundTripTest.SRC;
import static org.pyros.ros2.rtps.wire.MessageRoundTripTest.WR;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

/** The reader against messages written by hand: big endian, odd layouts, and malformed ones. */
class MessageReaderTest {
  static final byte[] PAYLOAD = {0, 0, 0, 0, 0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o', 0, 0, 0};

  static List<Submessage> read(ParsedMessage m) {
    return m.submessages().stream().map(Received::submessage).toList();
  }

  static void ids(ByteBuffer b) {
    RD.write(b);
    WR.write(b);
  }

  static void sn(ByteBuffer b, long sn) {
    b.putInt((int) (sn >> 32)).putInt((int) sn);
  }

  /** DATA body: extra flags, octetsToInlineQos, ids, sn, then {@code extra} bytes before the inline QoS. */
  static void dataHead(ByteBuffer b, long sn, int extra) {
    b.putShort((short) 0x1234).putShort((short) (16 + extra));
    ids(b);
    sn(b, sn);
    b.put(new byte[extra]);
  }

  /** DATA_FRAG body up to the inline QoS. */
  static void fragHead(ByteBuffer b, long sn, int start, int count, int size, int sampleSize) {
    b.putShort((short) 0).putShort((short) 28);
    ids(b);
    sn(b, sn);
    b.putInt(start).putShort((short) count).putShort((short) size).putInt(sampleSize);
  }

  @Test
  void everySubmessageInBigEndian() {
    ByteOrder be = BIG_ENDIAN;
    ByteBuffer m = new HandWrittenMessage(SRC)
        .sub(SubmessageId.INFO_DST, 0, be, b -> DST.write(b))
        .sub(SubmessageId.INFO_TS, 0, be, b -> b.putInt(1_700_000_000).putInt(0x40000000))
        .sub(SubmessageId.DATA, SubmessageId.FLAG_INLINE_QOS | SubmessageId.FLAG_DATA, be, b -> {
          dataHead(b, 3, 0);
          b.putShort((short) ParameterId.PID_STATUS_INFO).putShort((short) 4).putInt(1);
          b.putShort((short) ParameterId.PID_SENTINEL).putShort((short) 0);
          b.put(PAYLOAD);
        })
        .sub(SubmessageId.DATA_FRAG, 0, be, b -> {
          fragHead(b, 4, 2, 1, 8, 20);
          b.put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        })
        .sub(SubmessageId.HEARTBEAT, SubmessageId.FLAG_FINAL, be, b -> {
          ids(b);
          sn(b, 1);
          sn(b, 4);
          b.putInt(9);
        })
        .sub(SubmessageId.HEARTBEAT_FRAG, 0, be, b -> {
          ids(b);
          sn(b, 4);
          b.putInt(3).putInt(2);
        })
        .sub(SubmessageId.ACKNACK, 0, be, b -> {
          ids(b);
          sn(b, 2);
          b.putInt(41).putInt(0x80000000).putInt(0x00ffffff); // bits past 41 ignored
          b.putInt(6);
        })
        .sub(SubmessageId.NACK_FRAG, 0, be, b -> {
          ids(b);
          sn(b, 4);
          b.putInt(1).putInt(3).putInt(0x20000000);
          b.putInt(1);
        })
        .sub(SubmessageId.GAP, 0, be, b -> {
          ids(b);
          sn(b, 5);
          sn(b, 7);
          b.putInt(1).putInt(0x80000000);
        })
        .sub(SubmessageId.PAD, 0, be, b -> b.putInt(0))
        .sub(SubmessageId.INFO_SRC, 0, be, b -> {
          b.putInt(0).put((byte) 2).put((byte) 4).put((byte) 0x01).put((byte) 0x0f);
          DST.write(b);
        })
        .sub(SubmessageId.INFO_TS, SubmessageId.FLAG_INVALIDATE, be, b -> {})
        .bytes();
    ParsedMessage parsed = MessageReader.parse(m);
    assertNull(parsed.error());
    assertEquals(new Header(2, 1, 0x0110, SRC), parsed.header());
    ParameterList qos = new ParameterListWriter(BIG_ENDIAN).putInt(ParameterId.PID_STATUS_INFO, 1).toParameterList();
    assertEquals(List.of(
        new InfoDestination(DST),
        new InfoTimestamp(new Timestamp(1_700_000_000, 0x40000000)),
        new Data(RD, WR, 3, qos, ByteBuffer.wrap(PAYLOAD), false),
        new DataFrag(RD, WR, 4, 2, 1, 8, 20, ParameterList.EMPTY, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})),
        new Heartbeat(RD, WR, 1, 4, 9, true, false),
        new HeartbeatFrag(RD, WR, 4, 3, 2),
        new AckNack(RD, WR, NumberSet.of(2, 2, 42), 6, false),
        new NackFrag(RD, WR, 4, NumberSet.of(1, 3), 1),
        new Gap(RD, WR, 5, NumberSet.of(7, 7)),
        new Pad(),
        new InfoSource(0x0204, 0x010f, DST),
        new InfoTimestamp(null)), read(parsed));
    Data d = (Data) parsed.submessages().get(2).submessage();
    assertEquals(BIG_ENDIAN, d.inlineQos().order());
    assertEquals(1, ParameterValues.int32(d.inlineQos().first(ParameterId.PID_STATUS_INFO).orElseThrow()));
    assertEquals(new ReceiveContext(SRC, DST, new Timestamp(1_700_000_000, 0x40000000), 0x0110),
        parsed.submessages().get(2).context());
  }

  @Test
  void byteOrderIsPerSubmessage() {
    ByteBuffer m = new HandWrittenMessage(SRC)
        .sub(SubmessageId.HEARTBEAT, 0, BIG_ENDIAN, b -> {
          ids(b);
          sn(b, 1);
          sn(b, 2);
          b.putInt(1);
        })
        .sub(SubmessageId.HEARTBEAT, 0, LITTLE_ENDIAN, b -> {
          ids(b);
          sn(b, 1);
          sn(b, 2);
          b.putInt(2);
        }).bytes();
    assertEquals(List.of(new Heartbeat(RD, WR, 1, 2, 1, false, false), new Heartbeat(RD, WR, 1, 2, 2, false, false)),
        read(MessageReader.parse(m)));
  }

  @Test
  void lastSubmessageWithLengthZeroRunsToTheEnd() {
    ByteBuffer m = new HandWrittenMessage(SRC)
        .sub(SubmessageId.INFO_TS, SubmessageId.FLAG_INVALIDATE, LITTLE_ENDIAN, 0, b -> {})
        .sub(SubmessageId.DATA, SubmessageId.FLAG_DATA, LITTLE_ENDIAN, 0, b -> {
          dataHead(b, 1, 0);
          b.put(PAYLOAD);
        }).bytes();
    assertEquals(List.of(new InfoTimestamp(null), new Data(RD, WR, 1, ParameterList.EMPTY, ByteBuffer.wrap(PAYLOAD),
        false)), read(MessageReader.parse(m)));
  }

  @Test
  void octetsToInlineQosIsHonouredAndKeyPayloadFlagged() {
    ByteBuffer m = new HandWrittenMessage(SRC)
        .sub(SubmessageId.DATA, SubmessageId.FLAG_KEY | SubmessageId.FLAG_INLINE_QOS, LITTLE_ENDIAN, b -> {
          dataHead(b, 2, 8); // a later version's 8 bytes of fields before the inline QoS
          b.putShort((short) ParameterId.PID_PAD).putShort((short) 4).putInt(-1);
          b.putShort((short) ParameterId.PID_SENTINEL).putShort((short) 0);
          b.put(PAYLOAD);
        }).bytes();
    Data d = (Data) read(MessageReader.parse(m)).get(0);
    assertTrue(d.keyOnly());
    assertEquals(ParameterList.EMPTY, d.inlineQos(), "PID_PAD is dropped");
    assertEquals(ByteBuffer.wrap(PAYLOAD), d.payload());
  }

  @Test
  void unknownAndVendorSubmessagesAreSkipped() {
    ByteBuffer m = new HandWrittenMessage(SRC)
        .sub(0x80, 0, LITTLE_ENDIAN, b -> b.putLong(42))
        .sub(SubmessageId.INFO_REPLY_IP4, 0, LITTLE_ENDIAN, b -> b.putLong(42))
        .sub(0x7e, 0, BIG_ENDIAN, b -> b.putInt(7))
        .sub(SubmessageId.INFO_DST, 0, LITTLE_ENDIAN, b -> DST.write(b)).bytes();
    ParsedMessage p = MessageReader.parse(m);
    assertNull(p.error());
    assertEquals(List.of(new InfoDestination(DST)), read(p));
  }

  @Test
  void notRtpsIsRefused() {
    assertThrows(RtpsFormatException.class, () -> MessageReader.parse(ByteBuffer.allocate(19)));
    ByteBuffer bad = new HandWrittenMessage(SRC).bytes();
    bad.put(3, (byte) 'X');
    assertThrows(RtpsFormatException.class, () -> MessageReader.parse(bad));
    assertThrows(RtpsFormatException.class, () -> MessageReader.parse(ByteBuffer.allocate(0)));
  }

  @Test
  void anotherMajorVersionIsReportedNotRead() {
    ByteBuffer m = new HandWrittenMessage(SRC).sub(SubmessageId.INFO_DST, 0, LITTLE_ENDIAN, b -> DST.write(b)).bytes();
    m.put(4, (byte) 3);
    ParsedMessage p = MessageReader.parse(m);
    assertNotNull(p.error());
    assertEquals(List.of(), p.submessages());
  }

  /** A malformed submessage after a good INFO_DST: the parse stops with an error, INFO_DST kept. */
  static void assertStopsAfterFirst(HandWrittenMessage m, String why) {
    ParsedMessage p = MessageReader.parse(m.bytes());
    assertNotNull(p.error(), "no error for " + why);
    assertEquals(List.of(new InfoDestination(DST)), read(p), why);
  }

  static HandWrittenMessage startingWell() {
    return new HandWrittenMessage(SRC).sub(SubmessageId.INFO_DST, 0, LITTLE_ENDIAN, b -> DST.write(b));
  }

  @Test
  void malformedSubmessagesEndTheParseAndKeepWhatCameBefore() {
    assertStopsAfterFirst(startingWell().sub(SubmessageId.HEARTBEAT, 0, LITTLE_ENDIAN, 200, b -> ids(b)),
        "length past the end");
    assertStopsAfterFirst(startingWell().raw((byte) 7, (byte) 1), "truncated submessage header");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.HEARTBEAT, 0, LITTLE_ENDIAN, b -> ids(b)), "short body");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.HEARTBEAT, 0, LITTLE_ENDIAN, b -> {
      ids(b);
      sn(b, 0);
      sn(b, 3);
      b.putInt(1);
    }), "firstSN 0");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.ACKNACK, 0, LITTLE_ENDIAN, b -> {
      ids(b);
      sn(b, 1);
      b.putInt(257);
      b.put(new byte[36]);
    }), "257 bits");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.DATA, SubmessageId.FLAG_DATA | SubmessageId.FLAG_KEY,
        LITTLE_ENDIAN, b -> dataHead(b, 1, 0)), "both D and K");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.DATA, SubmessageId.FLAG_INLINE_QOS, LITTLE_ENDIAN, b -> {
      dataHead(b, 1, 0);
      b.putShort((short) ParameterId.PID_STATUS_INFO).putShort((short) 4).putInt(1);
    }), "inline QoS without sentinel");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.DATA, 0, LITTLE_ENDIAN, b -> {
      b.putShort((short) 0).putShort((short) 12);
      ids(b);
      sn(b, 1);
    }), "octetsToInlineQos inside the fixed fields");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.DATA, 0, LITTLE_ENDIAN, b -> dataHead(b, 0, 0)),
        "writerSN 0");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.DATA_FRAG, 0, LITTLE_ENDIAN, b -> {
      fragHead(b, 1, 4, 1, 8, 20);
      b.put(new byte[8]);
    }), "fragment 4 of a 3-fragment sample");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.DATA_FRAG, 0, LITTLE_ENDIAN, b -> {
      fragHead(b, 1, 1, 2, 8, 20);
      b.put(new byte[8]);
    }), "fewer fragment bytes than announced");
    assertStopsAfterFirst(startingWell().sub(SubmessageId.INFO_TS, 0, LITTLE_ENDIAN, b -> {}), "INFO_TS without time");
  }
}
