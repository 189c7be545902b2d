package org.pyros.core.msg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class MessageJsonTest {
  static final MessageType INNER = MessageType.of("test_msgs/Inner",
      new Field("x", FieldType.of(Primitive.FLOAT64)), new Field("label", FieldType.of(Primitive.STRING)));

  /** One field of every kind the model supports. */
  static final MessageType ALL = MessageType.of("test_msgs/All",
      new Field("b", FieldType.of(Primitive.BOOL)),
      new Field("i8", FieldType.of(Primitive.INT8)),
      new Field("u8", FieldType.of(Primitive.UINT8)),
      new Field("by", FieldType.of(Primitive.BYTE)),
      new Field("ch", FieldType.of(Primitive.CHAR)),
      new Field("i16", FieldType.of(Primitive.INT16)),
      new Field("u16", FieldType.of(Primitive.UINT16)),
      new Field("i32", FieldType.of(Primitive.INT32)),
      new Field("u32", FieldType.of(Primitive.UINT32)),
      new Field("i64", FieldType.of(Primitive.INT64)),
      new Field("u64", FieldType.of(Primitive.UINT64)),
      new Field("f32", FieldType.of(Primitive.FLOAT32)),
      new Field("f64", FieldType.of(Primitive.FLOAT64)),
      new Field("nan", FieldType.of(Primitive.FLOAT64)),
      new Field("s", FieldType.of(Primitive.STRING)),
      new Field("t", FieldType.of(Primitive.TIME)),
      new Field("d", FieldType.of(Primitive.DURATION)),
      new Field("inner", new FieldType.Nested(INNER)),
      new Field("inners", FieldType.arrayOf(new FieldType.Nested(INNER))),
      new Field("fixed", FieldType.arrayOf(FieldType.of(Primitive.FLOAT64), 3)),
      new Field("ints", FieldType.arrayOf(FieldType.of(Primitive.INT32))),
      new Field("bytes", FieldType.arrayOf(FieldType.of(Primitive.UINT8))),
      new Field("fixedBytes", FieldType.arrayOf(FieldType.of(Primitive.INT8), 4)),
      new Field("strings", FieldType.arrayOf(FieldType.of(Primitive.STRING))));

  static Message full() {
    return Message.builder(ALL)
        .set("b", true).set("i8", -128).set("u8", 255).set("by", -1).set("ch", 200)
        .set("i16", -32768).set("u16", 65535).set("i32", Integer.MIN_VALUE).set("u32", 4294967295L)
        .set("i64", Long.MIN_VALUE).set("u64", -1L) // all 64 bits set: 2^64-1 unsigned
        .set("f32", 1.5f).set("f64", Math.PI).set("nan", Double.NaN).set("s", "héllo \"world\"\n")
        .set("t", new RosTime(4294967295L, 999_999_999)).set("d", new RosDuration(-5, 500))
        .set("inner", Message.builder(INNER).set("x", 2.5).set("label", "a").build())
        .set("inners", List.of(INNER.defaultMessage(), Message.builder(INNER).set("x", -1).build()))
        .set("fixed", List.of(1, 2.5, -3))
        .set("ints", List.of(1, -2, 3))
        .set("bytes", new byte[] {0, 1, (byte) 255, 127})
        .set("fixedBytes", List.of(-1, 0, 1, 127))
        .set("strings", List.of("", "x"))
        .build();
  }

  @Test
  void everyFieldTypeRoundTripsThroughJson() {
    Message m = full();
    String json = MessageJson.toJsonString(m);
    Message back = MessageJson.fromJson(ALL, json);
    assertEquals(m, back);
    assertTrue(json.contains("\"u64\":18446744073709551615"), json);
    assertTrue(json.contains("\"nan\":\"NaN\""), json);
    assertArrayEquals(new byte[] {0, 1, (byte) 255, 127}, back.getBytes("bytes").toArray());
    assertEquals("18446744073709551615", Long.toUnsignedString(back.getLong("u64")));
  }

  @Test
  void missingFieldsTakeDefaults() {
    Message m = MessageJson.fromJson(ALL, "{\"s\":\"only\"}");
    assertEquals("only", m.getString("s"));
    assertEquals(0, m.getInt("i32"));
    assertEquals(List.of(0.0, 0.0, 0.0), m.getList("fixed"));
    assertEquals(ByteString.fromArray(new byte[4]), m.getBytes("fixedBytes"));
  }

  @Test
  void malformedJsonIsAnError() {
    MessageFormatException e = assertThrows(MessageFormatException.class, () -> MessageJson.fromJson(ALL, "{\"s\": "));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void wrongTypesNameTheField() {
    assertEquals("i32", assertThrows(MessageFormatException.class,
        () -> MessageJson.fromJson(ALL, "{\"i32\":\"seven\"}")).fieldPath());
    assertEquals("u8", assertThrows(MessageFormatException.class,
        () -> MessageJson.fromJson(ALL, "{\"u8\":256}")).fieldPath());
    assertEquals("inner.x", assertThrows(MessageFormatException.class,
        () -> MessageJson.fromJson(ALL, "{\"inner\":{\"x\":true}}")).fieldPath());
    assertEquals("inners[1].label", assertThrows(MessageFormatException.class,
        () -> MessageJson.fromJson(ALL, "{\"inners\":[{},{\"label\":3}]}")).fieldPath());
    assertEquals("fixed", assertThrows(MessageFormatException.class,
        () -> MessageJson.fromJson(ALL, "{\"fixed\":[1,2]}")).fieldPath());
    assertEquals("nope", assertThrows(MessageFormatException.class,
        () -> MessageJson.fromJson(ALL, "{\"nope\":1}")).fieldPath());
    assertEquals("bytes", assertThrows(MessageFormatException.class,
        () -> MessageJson.fromJson(ALL, "{\"bytes\":\"***\"}")).fieldPath());
  }

  @Test
  void builderChecksRangesAndTypes() {
    Message.Builder b = Message.builder(ALL);
    assertEquals("i8", assertThrows(MessageFormatException.class, () -> b.set("i8", 128)).fieldPath());
    assertEquals("u32", assertThrows(MessageFormatException.class, () -> b.set("u32", -1)).fieldPath());
    assertEquals("s", assertThrows(MessageFormatException.class, () -> b.set("s", 5)).fieldPath());
    assertEquals("inner", assertThrows(MessageFormatException.class, () -> b.set("inner", ALL.defaultMessage())).fieldPath());
  }

  @Test
  void messagesAreImmutable() {
    Message m = full();
    Message changed = m.with("s", "other");
    assertEquals("other", changed.getString("s"));
    assertEquals("héllo \"world\"\n", m.getString("s"));
    assertThrows(UnsupportedOperationException.class, () -> m.<Object>getList("ints").add(4));
  }
}
