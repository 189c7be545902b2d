package org.pyros.ros2.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Constant;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.Primitive;

class InterfaceTextParserTest {
  private final Ros2Types types = Ros2Types.bundled();

  private Ros2Type parse(String text) {
    return InterfaceTextParser.parseMessage("pyros_test/msg/T", text, types::type);
  }

  private Ros2Field field(Ros2Type t, String name) {
    return t.fields().get(t.messageType().indexOf(name));
  }

  @Test
  void builtinsMapToCoreTypesAndByteAndCharAreUnsignedOctets() {
    Ros2Type t = parse("""
        bool a
        byte b
        char c
        float32 d
        float64 e
        int8 f
        uint8 g
        int16 h
        uint16 i
        int32 j
        uint32 k
        int64 l
        uint64 m
        string n
        wstring o
        """);
    List<Primitive> expected = List.of(Primitive.BOOL, Primitive.UINT8, Primitive.UINT8, Primitive.FLOAT32,
        Primitive.FLOAT64, Primitive.INT8, Primitive.UINT8, Primitive.INT16, Primitive.UINT16, Primitive.INT32,
        Primitive.UINT32, Primitive.INT64, Primitive.UINT64, Primitive.STRING, Primitive.STRING);
    assertEquals(expected, t.messageType().fields().stream()
        .map(f -> ((FieldType.Builtin) f.type()).primitive()).toList());
    assertEquals("byte", field(t, "b").writtenType());
    assertTrue(field(t, "o").wide());
    assertEquals(255, Message.builder(t.messageType()).set("b", 255).build().getInt("b"));
  }

  @Test
  void stringBoundsAndArrayKinds() {
    Ros2Type t = parse("""
        string<=10 name
        wstring<=3 w
        int32[] any
        int32[<=4] some
        int32[3] three
        string<=5[<=2] labels
        uint8[<=16] raw
        """);
    assertEquals(10, field(t, "name").stringBound());
    assertEquals(3, field(t, "w").stringBound());
    assertEquals(FieldType.arrayOf(FieldType.of(Primitive.INT32)), field(t, "any").field().type());
    assertEquals(-1, field(t, "any").sequenceBound());
    assertEquals(FieldType.arrayOf(FieldType.of(Primitive.INT32)), field(t, "some").field().type());
    assertEquals(4, field(t, "some").sequenceBound());
    assertEquals(FieldType.arrayOf(FieldType.of(Primitive.INT32), 3), field(t, "three").field().type());
    assertEquals(5, field(t, "labels").stringBound());
    assertEquals(2, field(t, "labels").sequenceBound());
    assertTrue(((FieldType.Array) field(t, "raw").field().type()).isBytes());
  }

  @Test
  void nestedTypesResolveByPackageAndSamePackage() {
    types.register("pyros_test/msg/Inner", "int32 x\n");
    Ros2Type t = parse("geometry_msgs/Point p\ngeometry_msgs/msg/Vector3 v\nInner i\nInner[2] two\n");
    assertEquals("geometry_msgs/msg/Point", field(t, "p").nested().name());
    assertEquals("geometry_msgs/msg/Vector3", field(t, "v").nested().name());
    assertEquals("pyros_test/msg/Inner", field(t, "i").nested().name());
    assertEquals(2, ((List<?>) t.defaultMessage().get("two")).size());
  }

  @Test
  void constantsOfEveryKind() {
    Ros2Type t = parse("""
        int8 MIN=-128
        uint64 MAX=18446744073709551615
        float64 PI=3.14159
        bool YES=true
        string GREETING="hello # not a comment"
        string BARE=plain text
        byte LEVEL=50
        int32 x
        """);
    List<Constant> c = t.messageType().constants();
    assertEquals(-128, c.get(0).value());
    assertEquals(-1L, c.get(1).value());
    assertEquals(3.14159, c.get(2).value());
    assertEquals(true, c.get(3).value());
    assertEquals("hello # not a comment", c.get(4).value());
    assertEquals("plain text", c.get(5).value());
    assertEquals(50, c.get(6).value());
  }

  @Test
  void defaultValuesIncludingArraysAndQuotedStrings() {
    Ros2Type t = parse("""
        int32 a 42
        float64 b -1.5e3
        bool c true
        string d "quoted, with \\"escapes\\""
        string e 'single'
        int32[] f [1, 2, 3]
        float32[2] g [0.5, -0.5]
        string[<=3] h ["x", 'y,z']
        uint8[] i [1, 255]
        wstring j "wide"
        int32 k  # no default, a comment
        """);
    Message m = t.defaultMessage();
    assertEquals(42, m.getInt("a"));
    assertEquals(-1500.0, m.getDouble("b"));
    assertTrue(m.getBool("c"));
    assertEquals("quoted, with \"escapes\"", m.getString("d"));
    assertEquals("single", m.getString("e"));
    assertEquals(List.of(1, 2, 3), m.getList("f"));
    assertEquals(List.of(0.5f, -0.5f), m.getList("g"));
    assertEquals(List.of("x", "y,z"), m.getList("h"));
    assertEquals(ByteString.fromArray(new byte[] {1, (byte) 255}), m.getBytes("i"));
    assertEquals("wide", m.getString("j"));
    assertEquals(0, m.getInt("k"));
    assertNull(field(t, "k").defaultValue());
  }

  @Test
  void commentsAndBlankLinesAreIgnored() {
    Ros2Type t = parse("# a comment\n\n   int32 x # trailing\n#int32 y\n");
    assertEquals(1, t.messageType().fields().size());
  }

  @Test
  void badTextIsRefusedNamingTheLine() {
    List<String> bad = List.of(
        "int32 X",                 // field names are lower case
        "int32 a__b",              // no double underscore
        "int32 trailing_",         // no trailing underscore
        "int32 lower=1",           // constant names are upper case
        "int32[] ARR=1",           // constants are not arrays
        "uint8 x 256",             // default out of range
        "int8 X=128",              // constant out of range
        "bool b maybe",
        "int32[2] a [1, 2, 3]",    // wrong fixed length
        "int32[<=2] a [1, 2, 3]",  // past the bound
        "string<=3 s \"long\"",    // past the string bound
        "int32<=3 x",              // only strings take a bound
        "int32[<=] x",
        "time stamp",              // no ROS 1 builtins
        "geometry_msgs/Point p 1", // no defaults for nested types
        "unknown_pkg/Nothing n",
        "int32",
        "int32 a\nint32 a",
        "string s \"unterminated");
    for (String text : bad) {
      InterfaceTextException e = assertThrows(InterfaceTextException.class, () -> parse(text), text);
      assertTrue(e.getMessage().contains("pyros_test/msg/T line "), e.getMessage());
    }
  }

  @Test
  void servicesSplitAtTheSeparator() {
    Ros2Service s = InterfaceTextParser.parseService("pyros_test/srv/S",
        "int64 a\nPoint p\n---\nint64 sum # x\n", name -> types.type(name.replace("pyros_test", "geometry_msgs")));
    assertEquals("pyros_test/srv/S_Request", s.request().name());
    assertEquals(List.of("a", "p"), s.request().messageType().fields().stream().map(f -> f.name()).toList());
    assertEquals("pyros_test/srv/S_Response", s.response().name());
    InterfaceTextException e = assertThrows(InterfaceTextException.class,
        () -> InterfaceTextParser.parseService("pyros_test/srv/S", "int64 a\n---\nint64 Bad\n", types::type));
    assertEquals(3, e.line());
    assertThrows(InterfaceTextException.class,
        () -> InterfaceTextParser.parseService("pyros_test/srv/S", "int64 a\n", types::type));
  }

  @Test
  void typeNamesAreChecked() {
    assertThrows(PyrosException.class, () -> InterfaceTextParser.parseMessage("Bad/msg/T", "int32 x", types::type));
    assertThrows(PyrosException.class, () -> InterfaceTextParser.parseMessage("pkg/srv/T", "int32 x", types::type));
    assertEquals("pkg/msg/T", InterfaceTextParser.parseMessage("pkg/T", "int32 x", types::type).name());
  }
}
