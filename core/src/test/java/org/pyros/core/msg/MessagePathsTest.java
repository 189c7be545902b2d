package org.pyros.core.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class MessagePathsTest {
  static final MessageType PATH = MessageType.of("nav_msgs/Path",
      new Field("header", new FieldType.Nested(StandardTypes.HEADER)),
      new Field("poses", FieldType.arrayOf(new FieldType.Nested(StandardTypes.POSE))),
      new Field("weights", FieldType.arrayOf(FieldType.of(Primitive.FLOAT64), 2)),
      new Field("data", FieldType.arrayOf(FieldType.of(Primitive.UINT8))));

  static Message path() {
    return Message.of(PATH, Map.of(
        "header", Map.of("frame_id", "map", "seq", 7),
        "poses", List.of(Map.of(), Map.of("position", Map.of("x", 1.5, "y", -2))),
        "weights", List.of(0.25, 0.75),
        "data", new byte[] {1, (byte) 200}));
  }

  @Test
  void dottedPathsReadNestedFields() {
    Message pose = Message.of(StandardTypes.POSE, Map.of("position", Map.of("x", 3.0)));
    assertEquals(3.0, pose.getDouble("position.x"));
    assertEquals(3.0, pose.get("position.x"));
    assertEquals(0.0, pose.getDouble("orientation.w"));
    assertEquals(StandardTypes.POINT, pose.getMessage("position").type());
  }

  @Test
  void indexesReadArrayElements() {
    Message p = path();
    assertEquals(1.5, p.getDouble("poses[1].position.x"));
    assertEquals(-2, p.getInt("poses[1].position.y"));
    assertEquals(0.75, p.getDouble("weights[1]"));
    assertEquals(200, p.getInt("data[1]"), "a uint8 element reads unsigned");
    assertEquals("map", p.getString("header.frame_id"));
    assertEquals(7L, p.getLong("header.seq"));
    assertEquals(2, p.getList("poses").size());
  }

  @Test
  void withReplacesAtAPathAndLeavesTheOriginal() {
    Message twist = StandardTypes.TWIST.defaultMessage();
    Message moved = twist.with("linear.x", 0.5).with("angular.z", 1);
    assertEquals(0.5, moved.getDouble("linear.x"));
    assertEquals(1.0, moved.get("angular.z"), "an int is converted to the float64 the field holds");
    assertEquals(0.0, twist.getDouble("linear.x"));
    assertEquals(0.0, moved.getDouble("linear.y"));
  }

  @Test
  void withReplacesArrayElementsAndNestedMessagesFromMaps() {
    Message p = path()
        .with("poses[0].orientation.w", 1)
        .with("weights[0]", 0.5)
        .with("data[0]", 255)
        .with("header.stamp", new RosTime(5, 6))
        .with("poses[1].position", Map.of("z", 9));
    assertEquals(1.0, p.getDouble("poses[0].orientation.w"));
    assertEquals(0.0, p.getDouble("poses[1].position.x"), "a map replaces the whole nested message");
    assertEquals(9.0, p.getDouble("poses[1].position.z"));
    assertEquals(List.of(0.5, 0.75), p.getList("weights"));
    assertEquals(ByteString.fromArray(new byte[] {(byte) 255, (byte) 200}), p.getBytes("data"));
    assertEquals(new RosTime(5, 6), p.get("header.stamp"));
    assertEquals(p, MessageJson.fromJson(PATH, MessageJson.toJsonString(p)), "the result is a normal message");
  }

  @Test
  void aMissingFieldIsNamedWithItsPath() {
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> StandardTypes.POSE.defaultMessage().getDouble("position.w"));
    assertEquals("position.w", e.fieldPath());
    assertTrue(e.getMessage().contains("no field 'w' in geometry_msgs/Point"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> StandardTypes.TWIST.defaultMessage().with("linaer.x", 1.0));
    assertTrue(e.getMessage().contains("no field 'linaer' in geometry_msgs/Twist"), e.getMessage());
  }

  @Test
  void aPathThroughAValueThatIsNoMessageOrArrayIsRefused() {
    Message p = path();
    MessageFormatException e = assertThrows(MessageFormatException.class, () -> p.get("header.seq.value"));
    assertEquals("header.seq.value", e.fieldPath());
    assertTrue(e.getMessage().contains("'header.seq' is a uint32, not a message"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> p.get("header[0]"));
    assertTrue(e.getMessage().contains("'header' is a std_msgs/Header, not an array"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> p.with("data[0].x", 1));
    assertTrue(e.getMessage().contains("not a message"), e.getMessage());
  }

  @Test
  void anIndexOutOfBoundsIsRefusedAndArraysKeepTheirLength() {
    Message p = path();
    MessageFormatException e = assertThrows(MessageFormatException.class, () -> p.getDouble("poses[2].position.x"));
    assertTrue(e.getMessage().contains("index 2 is out of bounds: 'poses' has 2 elements"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> p.with("weights[2]", 1.0));
    assertTrue(e.getMessage().contains("'weights' has 2 elements"), e.getMessage());
  }

  @Test
  void aValueThatDoesNotFitIsNamedWithTheFullPath() {
    Message p = path();
    MessageFormatException e = assertThrows(MessageFormatException.class, () -> p.with("data[1]", 256));
    assertEquals("data[1]", e.fieldPath());
    assertTrue(e.getMessage().contains("out of range for uint8"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> p.with("poses[0].position", Map.of("q", 1)));
    assertEquals("poses[0].position.q", e.fieldPath());
    e = assertThrows(MessageFormatException.class, () -> p.with("header.frame_id", 3));
    assertEquals("header.frame_id", e.fieldPath());
    assertTrue(e.getMessage().contains("expected string"), e.getMessage());
  }

  @Test
  void aGetterOfTheWrongKindSaysWhatTheValueIs() {
    Message p = path();
    MessageFormatException e = assertThrows(MessageFormatException.class, () -> p.getDouble("header.frame_id"));
    assertTrue(e.getMessage().contains("'header.frame_id': is a string, not a number"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> p.getString("weights[0]"));
    assertTrue(e.getMessage().contains("is a float64, not a string"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> p.getList("data"));
    assertTrue(e.getMessage().contains("is a uint8[]"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> p.getMessage("weights"));
    assertTrue(e.getMessage().contains("is a float64[2], not a message"), e.getMessage());
  }

  @Test
  void anIntThatDoesNotFitIsRefusedByGetInt() {
    Message h = Message.of(StandardTypes.HEADER, Map.of("seq", 4_000_000_000L));
    assertEquals(4_000_000_000L, h.getLong("seq"));
    MessageFormatException e = assertThrows(MessageFormatException.class, () -> h.getInt("seq"));
    assertTrue(e.getMessage().contains("does not fit an int"), e.getMessage());
  }

  @Test
  void malformedPathsAreRefused() {
    Message p = path();
    for (String bad : List.of("", "poses.", ".poses", "poses[", "poses[]", "poses[-1]", "poses[x]", "poses[0]x",
        "poses..x", "poses]", "poses[99999999999]")) {
      MessageFormatException e = assertThrows(MessageFormatException.class, () -> p.get(bad), bad);
      assertEquals(bad, e.fieldPath());
      assertTrue(e.getMessage().contains("bad path"), bad + ": " + e.getMessage());
    }
  }
}
