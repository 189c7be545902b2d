package org.pyros.core.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class MessageOfMapTest {

  @Test
  void buildsNestedMessagesFromNestedMapsWithDefaultsForTheRest() {
    Message twist = Message.of(StandardTypes.TWIST, Map.of("linear", Map.of("x", 0.5), "angular", Map.of("z", -1)));
    Message expected = Message.builder(StandardTypes.TWIST)
        .set("linear", Message.builder(StandardTypes.VECTOR3).set("x", 0.5).build())
        .set("angular", Message.builder(StandardTypes.VECTOR3).set("z", -1.0).build())
        .build();
    assertEquals(expected, twist);
  }

  @Test
  void convertsValuesAsTheBuilderDoes() {
    Map<String, Object> fields = new HashMap<>();
    fields.put("u8", (short) 255);
    fields.put("u64", new BigInteger("18446744073709551615"));
    fields.put("f32", 1.5);
    fields.put("inner", MessageJsonTest.INNER.defaultMessage().with("label", "given as a message"));
    fields.put("inners", List.of(Map.of("x", 1), MessageJsonTest.INNER.defaultMessage()));
    fields.put("fixed", List.of(1, 2L, 3.5f));
    fields.put("bytes", List.of(0, 255));
    fields.put("fixedBytes", new byte[] {1, 2, 3, 4});
    Message m = Message.of(MessageJsonTest.ALL, fields);
    assertEquals(255, m.get("u8"));
    assertEquals(-1L, m.get("u64"));
    assertEquals(1.5f, m.get("f32"));
    assertEquals("given as a message", m.getString("inner.label"));
    assertEquals(1.0, m.getDouble("inners[0].x"));
    assertEquals(List.of(1.0, 2.0, 3.5), m.getList("fixed"));
    assertEquals(ByteString.fromArray(new byte[] {0, (byte) 255}), m.getBytes("bytes"));
    assertEquals("", m.getString("s"), "a field not given keeps its default");
  }

  @Test
  void anUnknownFieldIsNamedWithItsPath() {
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> Message.of(StandardTypes.TWIST, Map.of("linear", Map.of("w", 1.0))));
    assertEquals("linear.w", e.fieldPath());
    assertTrue(e.getMessage().contains("no such field in geometry_msgs/Vector3"), e.getMessage());
  }

  @Test
  void aValueThatDoesNotFitIsNamedWithItsPath() {
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> Message.of(MessageJsonTest.ALL, Map.of("inners", List.of(Map.of(), Map.of("x", "far")))));
    assertEquals("inners[1].x", e.fieldPath());
    assertTrue(e.getMessage().contains("expected float64, got String \"far\""), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> Message.of(MessageJsonTest.ALL, Map.of("u8", 256)));
    assertEquals("u8", e.fieldPath());
    e = assertThrows(MessageFormatException.class,
        () -> Message.of(MessageJsonTest.ALL, Map.of("fixed", List.of(1.0))));
    assertTrue(e.getMessage().contains("expected exactly 3 elements"), e.getMessage());
    e = assertThrows(MessageFormatException.class, () -> Message.of(StandardTypes.TWIST, Map.of("linear", 1.0)));
    assertTrue(e.getMessage().contains("expected a geometry_msgs/Vector3 message"), e.getMessage());
  }

  @Test
  void aNullValueIsRefused() {
    Map<String, Object> fields = new HashMap<>();
    fields.put("data", null);
    MessageFormatException e = assertThrows(MessageFormatException.class, () -> Message.of(StandardTypes.STRING, fields));
    assertEquals("data", e.fieldPath());
  }

  @Test
  void theBuilderAcceptsAMapForANestedMessageToo() {
    Message pose = Message.builder(StandardTypes.POSE).set("position", Map.of("x", 2)).build();
    assertEquals(2.0, pose.getDouble("position.x"));
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, Object> badKey = (Map) Map.of(1, 2.0);
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> Message.builder(StandardTypes.POSE).set("position", badKey));
    assertTrue(e.getMessage().contains("field names must be strings"), e.getMessage());
  }
}
