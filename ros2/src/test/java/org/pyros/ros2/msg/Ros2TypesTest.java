package org.pyros.ros2.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.StandardTypes;

class Ros2TypesTest {

  @Test
  void aShareFolderWinsOverTheBundleAndAddsPackages(@TempDir Path prefix) throws Exception {
    Path share = prefix.resolve("share");
    Files.createDirectories(share.resolve("std_msgs/msg"));
    Files.writeString(share.resolve("std_msgs/msg/String.msg"), "string data\nint32 extra\n");
    Files.createDirectories(share.resolve("my_pkg/msg"));
    Files.createDirectories(share.resolve("my_pkg/srv"));
    Files.writeString(share.resolve("my_pkg/msg/Thing.msg"), "std_msgs/Header header\nPart[] parts\n");
    Files.writeString(share.resolve("my_pkg/msg/Part.msg"), "float64 x 2.5\n");
    Files.writeString(share.resolve("my_pkg/srv/Ask.srv"), "Thing thing\n---\nbool ok\n");
    Ros2Types types = Ros2Types.fromPrefixes(List.of(prefix));
    assertEquals(2, types.messageType("std_msgs/msg/String").fields().size());
    assertEquals(1, Ros2Types.bundled().messageType("std_msgs/msg/String").fields().size());
    MessageType thing = types.messageType("my_pkg/Thing");
    assertEquals("my_pkg/msg/Thing", thing.name());
    assertEquals(2.5, types.type("my_pkg/msg/Part").defaultMessage().getDouble("x"));
    assertEquals(thing, types.serviceType("my_pkg/srv/Ask").request().field("thing").type() instanceof
        org.pyros.core.msg.FieldType.Nested n ? n.type() : null);
    assertEquals(List.of(prefix), Ros2Types.prefixes(prefix + java.io.File.pathSeparator + " "));
  }

  @Test
  void unknownTypesNameWhatWasTried(@TempDir Path share) {
    Ros2Types types = new Ros2Types(List.of(share));
    PyrosException e = assertThrows(PyrosException.class, () -> types.messageType("nope_msgs/msg/Nothing"));
    assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
    assertTrue(e.getMessage().contains(share.resolve("nope_msgs/msg/Nothing.msg").toString()), e.getMessage());
    assertThrows(PyrosException.class, () -> types.messageType("not a name"));
    assertThrows(PyrosException.class, () -> types.messageType("std_srvs/srv/Trigger"));
    assertThrows(PyrosException.class, () -> types.serviceType("std_msgs/msg/String"));
  }

  @Test
  void typesThatContainThemselvesAreRefused(@TempDir Path share) throws Exception {
    Files.createDirectories(share.resolve("loop_msgs/msg"));
    Files.writeString(share.resolve("loop_msgs/msg/A.msg"), "B b\n");
    Files.writeString(share.resolve("loop_msgs/msg/B.msg"), "A a\n");
    PyrosException e = assertThrows(PyrosException.class, () -> new Ros2Types(List.of(share)).messageType("loop_msgs/A"));
    assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
  }

  @Test
  void coreTypesBuiltInCodeGetARos2View() {
    Ros2Types types = Ros2Types.bundled();
    Ros2Type twist = types.type(StandardTypes.TWIST);
    assertEquals(2, twist.fields().size());
    assertThrows(IllegalArgumentException.class, () -> types.type(StandardTypes.HEADER));
    assertEquals("std_msgs::msg::dds_::Header_", types.ddsTypeName("std_msgs/Header"));
  }
}
