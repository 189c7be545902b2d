package org.pyros.core.msg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class MessageRecordsTest {
  record Vector3(double x, double y, double z) {}

  record Twist(Vector3 linear, Vector3 angular) {}

  record Header(long seq, RosTime stamp, String frameId) {}

  static final MessageType SCAN = MessageType.of("test_msgs/Scan",
      new Field("header", new FieldType.Nested(StandardTypes.HEADER)),
      new Field("ranges", FieldType.arrayOf(FieldType.of(Primitive.FLOAT32))),
      new Field("points", FieldType.arrayOf(new FieldType.Nested(StandardTypes.POINT))),
      new Field("corners", FieldType.arrayOf(new FieldType.Nested(StandardTypes.POINT), 2)),
      new Field("raw", FieldType.arrayOf(FieldType.of(Primitive.UINT8))),
      new Field("id", FieldType.of(Primitive.UINT64)),
      new Field("level", FieldType.of(Primitive.INT8)),
      new Field("valid", FieldType.of(Primitive.BOOL)));

  record Point(double x, double y, double z) {}

  record Scan(Header header, float[] ranges, List<Point> points, Point[] corners, byte[] raw, BigInteger id,
      Byte level, boolean valid) {}

  @Test
  void aMessageBecomesARecordAndBack() {
    Message m = Message.of(StandardTypes.TWIST, Map.of("linear", Map.of("x", 0.5), "angular", Map.of("z", 0.25)));
    Twist t = m.as(Twist.class);
    assertEquals(new Twist(new Vector3(0.5, 0, 0), new Vector3(0, 0, 0.25)), t);
    assertEquals(m, Message.from(StandardTypes.TWIST, t));
  }

  @Test
  void arraysBytesBigNumbersAndCamelCaseNamesMap() {
    Message m = Message.of(SCAN, Map.of(
        "header", Map.of("seq", 4_000_000_000L, "stamp", new RosTime(1, 2), "frame_id", "laser"),
        "ranges", List.of(1.5, 2.5),
        "points", List.of(Map.of("x", 1), Map.of("y", 2)),
        "corners", List.of(Map.of(), Map.of("z", 3)),
        "raw", new byte[] {7, (byte) 255},
        "id", -1L,
        "level", -3,
        "valid", true));
    Scan s = m.as(Scan.class);
    assertEquals(new Header(4_000_000_000L, new RosTime(1, 2), "laser"), s.header());
    assertArrayEquals(new float[] {1.5f, 2.5f}, s.ranges());
    assertEquals(List.of(new Point(1, 0, 0), new Point(0, 2, 0)), s.points());
    assertArrayEquals(new Point[] {new Point(0, 0, 0), new Point(0, 0, 3)}, s.corners());
    assertArrayEquals(new byte[] {7, (byte) 255}, s.raw());
    assertEquals(new BigInteger("18446744073709551615"), s.id(), "a uint64 reads unsigned into a BigInteger");
    assertEquals((byte) -3, s.level());
    assertTrue(s.valid());
    assertEquals(m, Message.from(SCAN, s));
  }

  record WithMessage(Message header, ByteString raw) {}

  @Test
  void aComponentMayHoldTheMessageOrByteStringItself() {
    MessageType t = MessageType.of("test_msgs/Raw",
        new Field("header", new FieldType.Nested(StandardTypes.HEADER)),
        new Field("raw", FieldType.arrayOf(FieldType.of(Primitive.INT8))));
    Message m = Message.of(t, Map.of("header", Map.of("frame_id", "f"), "raw", List.of(-1, 1)));
    WithMessage r = m.as(WithMessage.class);
    assertSame(m.getMessage("header"), r.header());
    assertEquals(m.getBytes("raw"), r.raw());
    assertEquals(m, Message.from(t, r));
  }

  record TwistMissing(Vector3 linear) {}

  record TwistExtra(Vector3 linear, Vector3 angular, double speed) {}

  record TwistWrongKind(Vector3 linear, String angular) {}

  record Vector2(double x, double y) {}

  record TwistNestedMissing(Vector3 linear, Vector2 angular) {}

  @Test
  void aRecordWithoutAComponentForAFieldIsRefusedNamingIt() {
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> StandardTypes.TWIST.defaultMessage().as(TwistMissing.class));
    assertEquals("angular", e.fieldPath());
    assertTrue(e.getMessage().contains("record TwistMissing has no component for this geometry_msgs/Vector3 field"),
        e.getMessage());
    e = assertThrows(MessageFormatException.class,
        () -> Message.from(StandardTypes.TWIST, new TwistNestedMissing(new Vector3(0, 0, 0), new Vector2(0, 0))));
    assertEquals("angular.z", e.fieldPath());
  }

  @Test
  void aRecordWithAComponentThatIsNoFieldIsRefusedNamingIt() {
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> Message.from(StandardTypes.TWIST, new TwistExtra(null, null, 1)));
    assertEquals("speed", e.fieldPath());
    assertTrue(e.getMessage().contains("has a component 'speed' but geometry_msgs/Twist has no such field"),
        e.getMessage());
  }

  record Typed(String data) {}

  record Numbers(List<String> data) {}

  record Raw(Object data) {}

  record Untyped(@SuppressWarnings("rawtypes") List data) {}

  @Test
  void aComponentOfTheWrongKindIsRefusedNamingTheField() {
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> StandardTypes.TWIST.defaultMessage().as(TwistWrongKind.class));
    assertEquals("angular", e.fieldPath());
    assertTrue(e.getMessage().contains("the field is a geometry_msgs/Vector3 but the record component is a "
        + "java.lang.String (expected a record or a Message)"), e.getMessage());

    e = assertThrows(MessageFormatException.class, () -> StandardTypes.INT32.defaultMessage().as(Typed.class));
    assertTrue(e.getMessage().contains("int32 but the record component is a java.lang.String"), e.getMessage());

    MessageType floats = MessageType.of("test_msgs/Floats", new Field("data", FieldType.arrayOf(FieldType.of(Primitive.FLOAT64))));
    // An empty array still has its element kind checked.
    e = assertThrows(MessageFormatException.class, () -> floats.defaultMessage().as(Numbers.class));
    assertEquals("data[]", e.fieldPath());
    assertTrue(e.getMessage().contains("float64 but the record component is a java.lang.String"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> floats.defaultMessage().as(Untyped.class));
    assertTrue(e.getMessage().contains("expected a List<E> or an array"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> Message.from(StandardTypes.FLOAT64, new Raw(1.0)));
    assertTrue(e.getMessage().contains("expected float or double"), e.getMessage());
  }

  record Narrow(int seq, RosTime stamp, String frame_id) {}

  record Narrower(byte data) {}

  @Test
  void aValueThatDoesNotFitItsComponentIsRefused() {
    Message h = Message.of(StandardTypes.HEADER, Map.of("seq", 4_000_000_000L));
    MessageFormatException e = assertThrows(MessageFormatException.class, () -> h.as(Narrow.class));
    assertEquals("seq", e.fieldPath());
    assertTrue(e.getMessage().contains("uint32 value 4000000000 does not fit the record's int component"), e.getMessage());
    assertEquals(new Narrow(5, RosTime.ZERO, ""), h.with("seq", 5).as(Narrow.class));
    e = assertThrows(MessageFormatException.class, () -> Message.of(StandardTypes.INT32, Map.of("data", 128)).as(Narrower.class));
    assertTrue(e.getMessage().contains("does not fit the record's byte component"), e.getMessage());
  }

  record Unsigned(long data) {}

  @Test
  void aRecordValueOutOfTheFieldsRangeIsRefusedAsTheBuilderDoes() {
    MessageType u8 = MessageType.of("std_msgs/UInt8", new Field("data", FieldType.of(Primitive.UINT8)));
    MessageFormatException e = assertThrows(MessageFormatException.class, () -> Message.from(u8, new Unsigned(300)));
    assertEquals("data", e.fieldPath());
    assertTrue(e.getMessage().contains("300 is out of range for uint8"), e.getMessage());
    assertEquals(200, Message.from(u8, new Unsigned(200)).getInt("data"));
  }

  record Fixed(List<Point> corners) {}

  @Test
  void aNullComponentOrAWrongLengthIsRefusedNamingTheField() {
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> Message.from(StandardTypes.TWIST, new Twist(new Vector3(1, 2, 3), null)));
    assertEquals("angular", e.fieldPath());
    assertTrue(e.getMessage().contains("null"), e.getMessage());
    MessageType fixed = MessageType.of("test_msgs/Corners",
        new Field("corners", FieldType.arrayOf(new FieldType.Nested(StandardTypes.POINT), 2)));
    e = assertThrows(MessageFormatException.class, () -> Message.from(fixed, new Fixed(List.of(new Point(0, 0, 0)))));
    assertTrue(e.getMessage().contains("expected exactly 2 elements"), e.getMessage());
  }

  record Checked(double data) {
    Checked {
      if (data < 0) {
        throw new IllegalArgumentException("negative");
      }
    }
  }

  @Test
  void aRecordConstructorThatRefusesTheValuesIsAClearError() {
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> Message.of(StandardTypes.FLOAT64, Map.of("data", -1.0)).as(Checked.class));
    assertTrue(e.getMessage().contains("the constructor of record Checked refused the values"), e.getMessage());
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
  }

  record Twice(String frame_id, String frameId, long seq, RosTime stamp) {}

  @Test
  void twoComponentsForOneFieldAreRefused() {
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> StandardTypes.HEADER.defaultMessage().as(Twice.class));
    assertEquals("frame_id", e.fieldPath());
    assertTrue(e.getMessage().contains("two components"), e.getMessage());
  }

  private record Hidden(String data) {}

  @Test
  void privateAndLocalRecordsMapToo() {
    record Local(double x, double y, double theta) {}
    Message pose = Message.of(StandardTypes.POSE2D, Map.of("x", 1, "theta", 0.5));
    assertEquals(new Local(1, 0, 0.5), pose.as(Local.class));
    assertEquals(pose, Message.from(StandardTypes.POSE2D, new Local(1, 0, 0.5)));
    Message text = Message.of(StandardTypes.STRING, Map.of("data", "hi"));
    assertEquals(new Hidden("hi"), text.as(Hidden.class));
    assertEquals(text, Message.from(StandardTypes.STRING, new Hidden("hi")));
  }
}
