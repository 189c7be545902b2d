package org.pyros.ros.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Constant;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.ServiceType;

/** Parsing rules of .msg/.srv text, the registry's search, and errors for bad text. */
class MessageTextParserTest {
  private final MessageTypes types = new MessageTypes(List.of(Path.of("/usr/share")));

  @Test
  void constantsFollowGenmsgRules() throws Exception {
    MessageType t = types.register("pyros_test/AllTypes", Files.readString(RosReference.resource("AllTypes.msg")));
    Map<String, Constant> c = new java.util.HashMap<>();
    t.constants().forEach(k -> c.put(k.name(), k));
    assertEquals(List.of("SMALL", "BIG", "PI", "GREETING", "FLAG"), t.constants().stream().map(Constant::name).toList());
    assertEquals(-5, c.get("SMALL").value());
    assertEquals("-5", c.get("SMALL").valueText());
    assertEquals(-1L, c.get("BIG").value());
    assertEquals(3.14159, c.get("PI").value());
    assertEquals("hi # this is part of the value", c.get("GREETING").value());
    assertEquals(Boolean.TRUE, c.get("FLAG").value());
    assertEquals(Primitive.CHAR, ((FieldType.Builtin) ((FieldType.Array) t.field("chars").type()).element()).primitive());
    assertEquals("char[3]", t.field("chars").type().rosName());
    assertEquals("std_msgs/Header", t.field("header").type().rosName());
    assertEquals(Primitive.TIME, ((FieldType.Builtin) t.field("t").type()).primitive());
  }

  @Test
  void relativeNamesResolveInTheOwnPackage() {
    types.register("pyros_test/Inner", "int32 x\n");
    MessageType outer = types.register("pyros_test/Outer", "Inner a\r\nInner[4] b  # four\n\tHeader h\n");
    assertSame(types.messageType("pyros_test/Inner"), ((FieldType.Nested) outer.field("a").type()).type());
    assertEquals("pyros_test/Inner[4]", outer.field("b").type().rosName());
    assertEquals("std_msgs/Header", outer.field("h").type().rosName());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "int32 ok\\nint32|2|a field is TYPE NAME",
      "int32 x y|1|a field is TYPE NAME",
      "foo/bar/baz x|1|not a legal field type",
      "int32 1x|1|not a legal field name",
      "int8 C=300|1|out of range",
      "time T=1|1|not a legal constant type",
      "int32 C=abc|1|not an integer",
      "int32[abc] x|1|not a legal field type",
      "int32[][] x|1|not a legal field type",
      "int32 x\\n\\n# c\\nfloat64 x|4|declared twice",
      "int32 x\\nNoSuchType y|2|NoSuchType",
  })
  void badTextNamesTheLine(String text, int line, String problem) {
    MessageTextException e = assertThrows(MessageTextException.class,
        () -> types.register("pyros_test/Bad", text.replace("\\n", "\n")));
    assertEquals(line, e.line());
    assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
    assertTrue(e.getMessage().startsWith("pyros_test/Bad line " + line + " "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void unknownNestedTypeSaysWhereItLooked() {
    MessageTextException e = assertThrows(MessageTextException.class,
        () -> types.register("pyros_test/Bad", "int32 x\nNoSuchType y\n"));
    assertTrue(e.getMessage().contains("pyros_test/NoSuchType"), e.getMessage());
    assertTrue(e.getMessage().contains("/usr/share/pyros_test/msg/NoSuchType.msg"), e.getMessage());
  }

  @Test
  void servicesSplitAtDashesAndCountLinesAcrossTheFile() {
    ServiceType s = types.registerService("pyros_test/Add", "int64 a\nint64 b\n---\nint64 sum\n");
    assertEquals("pyros_test/AddRequest", s.request().name());
    assertEquals(List.of("a", "b"), s.request().fields().stream().map(f -> f.name()).toList());
    assertEquals("int64 sum\n\n", s.response().definition());
    MessageTextException e = assertThrows(MessageTextException.class,
        () -> types.registerService("pyros_test/Bad", "int64 a\n---\nint64 sum\nbad\n"));
    assertEquals("pyros_test/BadResponse", e.typeName());
    assertEquals(4, e.line());
    assertThrows(MessageTextException.class, () -> types.registerService("pyros_test/NoDash", "int64 a\n"));
  }

  @Test
  void unknownTypeErrorNamesTypeAndPlacesSearched(@TempDir Path dir) {
    MessageTypes env = new MessageTypes(MessageTypes.searchRoots(Map.of("ROS_PACKAGE_PATH", dir.toString())));
    PyrosException e = assertThrows(PyrosException.class, () -> env.messageType("nope_msgs/Nothing"));
    assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
    assertTrue(e.getMessage().contains("nope_msgs/Nothing"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("nope_msgs/msg/Nothing.msg").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("/usr/share/nope_msgs/msg/Nothing.msg"), e.getMessage());
    PyrosException srv = assertThrows(PyrosException.class, () -> env.serviceType("nope_msgs/Nothing"));
    assertTrue(srv.getMessage().contains("/usr/share/nope_msgs/srv/Nothing.srv"), srv.getMessage());
    PyrosException bad = assertThrows(PyrosException.class, () -> env.messageType("../etc/passwd"));
    assertEquals(ErrorCode.UNKNOWN_TYPE, bad.code());
  }

  @Test
  void searchRootsFollowTheEnvironment() {
    List<Path> roots = MessageTypes.searchRoots(Map.of(
        "ROS_PACKAGE_PATH", "/a:/b", "CMAKE_PREFIX_PATH", "/opt/ros:/c"));
    assertEquals(List.of(Path.of("/a"), Path.of("/b"), Path.of("/opt/ros/share"), Path.of("/c/share"),
        Path.of("/usr/share")), roots);
  }

  @Test
  void findsPackagesOnRosPackagePath(@TempDir Path dir) throws Exception {
    Path pkg = dir.resolve("my_msgs");
    Files.createDirectories(pkg.resolve("msg"));
    Files.createDirectories(pkg.resolve("srv"));
    Files.writeString(pkg.resolve("msg/Thing.msg"), "Header header\nPart[] parts\n");
    Files.writeString(pkg.resolve("msg/Part.msg"), "string name\n");
    Files.writeString(pkg.resolve("srv/Ask.srv"), "Thing q\n---\nbool ok\n");
    for (Path root : List.of(dir, pkg)) {
      MessageTypes env = new MessageTypes(MessageTypes.searchRoots(Map.of("ROS_PACKAGE_PATH", root.toString())));
      MessageType thing = env.messageType("my_msgs/Thing");
      assertEquals("my_msgs/Part[]", thing.field("parts").type().rosName());
      assertEquals(env.messageType("my_msgs/Thing"), env.serviceType("my_msgs/Ask").request().field("q").type() instanceof FieldType.Nested n ? n.type() : null);
    }
  }

  /** A catkin workspace's src on ROS_PACKAGE_PATH: packages sit in repositories, below the entry. */
  @Test
  void findsPackagesNestedBelowARosPackagePathEntry(@TempDir Path ws) throws Exception {
    Path src = ws.resolve("src");
    Path pkg = src.resolve("robot_repo/interfaces/deep_msgs");
    Files.createDirectories(pkg.resolve("msg"));
    Files.writeString(pkg.resolve("package.xml"), "<package><name>deep_msgs</name></package>\n");
    Files.writeString(pkg.resolve("msg/Gripper.msg"), "float64 opening\n");
    Path ignored = src.resolve("broken_repo/hidden_msgs");
    Files.createDirectories(ignored.resolve("msg"));
    Files.writeString(ignored.resolve("package.xml"), "<package><name>hidden_msgs</name></package>\n");
    Files.writeString(ignored.resolve("msg/Thing.msg"), "int32 x\n");
    Files.writeString(src.resolve("broken_repo/CATKIN_IGNORE"), "");

    MessageTypes env = new MessageTypes(MessageTypes.searchRoots(Map.of("ROS_PACKAGE_PATH", src.toString())));
    assertEquals("float64", env.messageType("deep_msgs/Gripper").field("opening").type().rosName());
    PyrosException e = assertThrows(PyrosException.class, () -> env.messageType("hidden_msgs/Thing"));
    assertEquals(ErrorCode.UNKNOWN_TYPE, e.code(), "a folder with CATKIN_IGNORE is not crawled");
  }

  @Test
  void badMessageDefinitionIsAnError() {
    String def = "Inner a\n" + MessageDefinitions.SEPARATOR + "\nNOT A HEADER\nint32 x";
    MessageTextException e = assertThrows(MessageTextException.class,
        () -> new MessageTypes(List.of()).registerDefinition("pyros_test/Outer", def));
    assertTrue(e.getMessage().contains("MSG: pkg/Type"), e.getMessage());
    PyrosException missing = assertThrows(PyrosException.class,
        () -> new MessageTypes(List.of()).registerDefinition("pyros_test/Outer", "Inner a\n"));
    assertTrue(missing.getMessage().contains("pyros_test/Inner"), missing.getMessage());
  }
}
