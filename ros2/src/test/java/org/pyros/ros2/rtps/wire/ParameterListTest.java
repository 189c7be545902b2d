package org.pyros.ros2.rtps.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterListTest {

  static ByteBuffer list(ByteOrder order, int... shortsAndInts) {
    // pairs of (id, length) shorts, then raw ints as given: written in order
    ByteBuffer b = ByteBuffer.allocate(256).order(order);
    for (int v : shortsAndInts) {
      b.putInt(v);
    }
    return b.flip();
  }

  @Test
  void writerPadsValuesAndEndsWithTheSentinel() {
    ByteBuffer bytes = new ParameterListWriter().putString(ParameterId.PID_TOPIC_NAME, "rt/a")
        .putInt(ParameterId.PID_DOMAIN_ID, 7).toBytes();
    assertArrayEquals(new byte[] {
        0x05, 0, 12, 0, 5, 0, 0, 0, 'r', 't', '/', 'a', 0, 0, 0, 0,
        0x0f, 0, 4, 0, 7, 0, 0, 0,
        0x01, 0, 0, 0}, remaining(bytes));
    ParameterList read = ParameterLists.read(bytes.duplicate(), LITTLE_ENDIAN);
    assertEquals("rt/a", ParameterValues.string(read.first(ParameterId.PID_TOPIC_NAME).orElseThrow()));
    assertEquals(7, ParameterValues.int32(read.first(ParameterId.PID_DOMAIN_ID).orElseThrow()));
  }

  @Test
  void bothByteOrdersReadTheSameValues() {
    for (ByteOrder order : List.of(LITTLE_ENDIAN, BIG_ENDIAN)) {
      Locator l = Locator.udpV4("127.0.0.1", 7411);
      ByteBuffer payload = new ParameterListWriter(order).putLocator(ParameterId.PID_UNICAST_LOCATOR, l)
          .putLocator(ParameterId.PID_UNICAST_LOCATOR, Locator.udpV4("127.0.0.2", 7413))
          .putDuration(ParameterId.PID_DEADLINE, Duration.ofMillis(1500)).toPayload();
      assertEquals(order == LITTLE_ENDIAN ? 0x03 : 0x02, payload.get(1), "PL_CDR of the writer's byte order");
      ParameterList read = Encapsulation.readParameterList(payload);
      assertEquals(order, read.order());
      assertEquals(l, ParameterValues.locator(read.all(ParameterId.PID_UNICAST_LOCATOR).get(0)));
      assertEquals(2, read.all(ParameterId.PID_UNICAST_LOCATOR).size());
      assertEquals(Duration.ofMillis(1500), ParameterValues.duration(read.first(ParameterId.PID_DEADLINE).orElseThrow()));
    }
  }

  @Test
  void readStopsAfterTheSentinelAndDropsPads() {
    ByteBuffer b = ByteBuffer.allocate(32).order(BIG_ENDIAN);
    b.putShort((short) 0).putShort((short) 4).putInt(0); // PID_PAD
    b.putShort((short) 0x0f).putShort((short) 4).putInt(3);
    b.putShort((short) 1).putShort((short) 8); // sentinel: its length is ignored
    b.putInt(0xdeadbeef);
    b.flip();
    ParameterList l = ParameterLists.read(b, BIG_ENDIAN);
    assertEquals(1, l.parameters().size());
    assertEquals(20, b.position(), "positioned after the sentinel");
  }

  @Test
  void badListsAreRefused() {
    ByteBuffer noSentinel = list(LITTLE_ENDIAN, 0x0004000f, 3);
    assertThrows(RtpsFormatException.class, () -> ParameterLists.read(noSentinel, LITTLE_ENDIAN));
    ByteBuffer tooLong = list(LITTLE_ENDIAN, 0x0010000f, 3, 0x00000001);
    assertThrows(RtpsFormatException.class, () -> ParameterLists.read(tooLong, LITTLE_ENDIAN));
    ByteBuffer unaligned = list(LITTLE_ENDIAN, 0x0003000f, 3, 0x00000001);
    assertThrows(RtpsFormatException.class, () -> ParameterLists.read(unaligned, LITTLE_ENDIAN));
    ByteBuffer cdr = ByteBuffer.wrap(new byte[] {0, 1, 0, 0, 1, 0, 0, 0});
    assertThrows(RtpsFormatException.class, () -> Encapsulation.readParameterList(cdr));
    assertThrows(RtpsFormatException.class, () -> Encapsulation.readParameterList(ByteBuffer.allocate(3)));
  }

  @Test
  void valuesAreCheckedBeforeReading() {
    ParameterList l = new ParameterListWriter().putInt(ParameterId.PID_TOPIC_NAME, 1000)
        .putRaw(ParameterId.PID_PARTICIPANT_GUID, new byte[8]).toParameterList();
    assertThrows(RtpsFormatException.class, () -> ParameterValues.string(l.first(ParameterId.PID_TOPIC_NAME).get()));
    assertThrows(RtpsFormatException.class, () -> ParameterValues.octets(l.first(ParameterId.PID_TOPIC_NAME).get()));
    assertThrows(RtpsFormatException.class, () -> ParameterValues.guid(l.first(ParameterId.PID_PARTICIPANT_GUID).get()));
  }

  @Test
  void durationOnTheWire() {
    ByteBuffer b = ByteBuffer.allocate(8).order(LITTLE_ENDIAN);
    WireDuration.write(b, Duration.ofMillis(100));
    assertEquals(0, b.getInt(0));
    assertEquals(0x1999999a, b.getInt(4), "what Fast DDS sends for 100 ms");
    assertEquals(Duration.ofMillis(100), WireDuration.read(b.flip()));
    b.clear();
    WireDuration.write(b, WireDuration.INFINITE);
    assertEquals(0x7fffffff, b.getInt(0));
    assertEquals(0xffffffff, b.getInt(4));
    assertEquals(WireDuration.INFINITE, WireDuration.read(b.flip()));
    for (long nanos : new long[] {0, 1, 999_999_999, 123_456_789}) {
      b.clear();
      WireDuration.write(b, Duration.ofSeconds(5, nanos));
      assertEquals(Duration.ofSeconds(5, nanos), WireDuration.read(b.flip()));
    }
    b.clear();
    b.putInt(-1).putInt(0);
    assertThrows(RtpsFormatException.class, () -> WireDuration.read(b.flip()));
  }

  @Test
  void encapsulationHeader() {
    Encapsulation e = Encapsulation.read(ByteBuffer.wrap(new byte[] {0, 3, 0, 2}));
    assertEquals(Encapsulation.PL_CDR_LE, e.kind());
    assertEquals(LITTLE_ENDIAN, e.byteOrder());
    assertEquals(2, e.paddingBytes());
    assertEquals(BIG_ENDIAN, new Encapsulation(Encapsulation.CDR_BE, 0).byteOrder());
    ByteBuffer out = ByteBuffer.allocate(4);
    Encapsulation.CDR_LITTLE_ENDIAN.write(out);
    assertArrayEquals(new byte[] {0, 1, 0, 0}, out.array());
  }

  static byte[] remaining(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
