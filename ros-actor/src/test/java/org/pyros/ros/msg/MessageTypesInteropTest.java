package org.pyros.ros.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;

/** md5sums and message_definition texts compared with what the real ROS (genpy) computes. */
class MessageTypesInteropTest {
  private final MessageTypes types = MessageTypes.fromEnvironment();

  @Test
  void messageMd5sumsEqualRos() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (String name : RosReference.MESSAGES) {
      String expected = RosReference.text("md5:" + name);
      String actual = types.md5(name);
      if (!expected.equals(actual)) {
        wrong.add(name + ": ROS " + expected + ", ours " + actual);
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void serviceMd5sumsEqualRos() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (String name : RosReference.SERVICES) {
      String expected = RosReference.text("srvmd5:" + name);
      String actual = types.serviceMd5(name);
      if (!expected.equals(actual)) {
        wrong.add(name + ": ROS " + expected + ", ours " + actual);
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void serviceTypesAreNamedLikeRos() {
    ServiceType setBool = types.serviceType("std_srvs/SetBool");
    assertEquals("std_srvs/SetBoolRequest", setBool.request().name());
    assertEquals("std_srvs/SetBoolResponse", setBool.response().name());
    assertEquals(List.of("success", "message"),
        setBool.response().fields().stream().map(f -> f.name()).toList());
  }

  @Test
  void fullTextsEqualGenpy() throws Exception {
    for (String name : RosReference.FULL_TEXTS) {
      assertEquals(RosReference.text("text:" + name), types.messageDefinition(name), name);
    }
  }

  @Test
  void typeWithEveryBuiltinMatchesGenpy() throws Exception {
    String text = Files.readString(RosReference.resource("AllTypes.msg"));
    MessageType all = types.register("pyros_test/AllTypes", text);
    assertEquals(RosReference.text("alltypes_md5"), types.md5(all));
    assertEquals(RosReference.text("alltypes_text"), MessageDefinitions.fullText(all));
    assertSame(all, types.messageType("pyros_test/AllTypes"));
  }

  @Test
  void typesBuiltFromGenpyDefinitionsHaveRosMd5sums() throws Exception {
    for (String name : RosReference.FULL_TEXTS) {
      MessageTypes fresh = new MessageTypes(List.of());
      MessageType t = fresh.registerDefinition(name, RosReference.text("text:" + name));
      assertEquals(RosReference.text("md5:" + name), fresh.md5(t), name);
      assertEquals(RosReference.text("text:" + name), MessageDefinitions.fullText(t), name);
    }
    MessageTypes fresh = new MessageTypes(List.of());
    MessageType all = fresh.registerDefinition("pyros_test/AllTypes", RosReference.text("alltypes_text"));
    assertEquals(RosReference.text("alltypes_md5"), fresh.md5(all));
    // Nested types from the definition become known too.
    assertEquals(types.messageType("std_msgs/Header"), fresh.messageType("std_msgs/Header"));
  }

  @Test
  void typesAreCached() {
    assertSame(types.messageType("sensor_msgs/Image"), types.messageType("sensor_msgs/Image"));
    assertSame(types.messageType("std_msgs/Header"), types.messageType("Header"));
    assertNotSame(null, types.serviceType("std_srvs/Trigger"));
    assertSame(types.serviceType("std_srvs/Trigger"), types.serviceType("std_srvs/Trigger"));
  }
}
