package org.pyros.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros2.msg.Ros2Types;

/** The translation of every message type both sides bundle, and its corner cases. */
class TranslationTest {
  static final MessageTypes ROS1 = MessageTypes.fromEnvironment();
  static final Ros2Types ROS2 = Ros2Types.bundled();

  /** The ROS 2 bundled messages that ROS 1 (Debian's packages) has too. */
  static List<String> sharedTypes() {
    List<String> out = new ArrayList<>();
    for (String name : Ros2Types.bundledNames()) {
      if (name.contains("/msg/") && ROS1.isAvailable(TypeNames.ros1(name), "msg")) {
        out.add(name);
      }
    }
    return out;
  }

  @Test
  void everySharedTypeRoundTripsExceptHeaderSeq() {
    List<String> shared = sharedTypes();
    assertTrue(shared.size() > 80, "ROS 1 message packages missing? shared: " + shared);
    RandomMessages random = new RandomMessages(16);
    List<String> failures = new ArrayList<>();
    for (String ros2Name : shared) {
      MessageType ros1 = ROS1.messageType(TypeNames.ros1(ros2Name));
      MessageType ros2 = ROS2.messageType(ros2Name);
      try {
        Translation to2 = Translation.plan(ros1, ros2, Direction.ROS1_TO_ROS2);
        Translation to1 = Translation.plan(ros2, ros1, Direction.ROS2_TO_ROS1);
        for (int i = 0; i < 20; i++) {
          Message original = random.of(ros1);
          Message there = to2.translate(original);
          assertEquals(ros2Name, there.type().name());
          Message back = to1.translate(there);
          assertEquals(withoutSeq(original), back, ros2Name);
          // And the ROS 2 message goes back exactly, Header and all.
          assertEquals(there, to2.translate(back), ros2Name);
        }
      } catch (UnmappableTypeException e) {
        failures.add(e.getMessage());
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void headerSeqIsDroppedAndZeroOnTheWayBack() {
    MessageType ros1 = ROS1.messageType("std_msgs/Header");
    MessageType ros2 = ROS2.messageType("std_msgs/msg/Header");
    Message h = Message.of(ros1, Map.of("seq", 41, "stamp", new RosTime(4_000_000_000L - 2_000_000_000L, 999_999_999), "frame_id", "map"));
    Message there = Translation.plan(ros1, ros2, Direction.ROS1_TO_ROS2).translate(h);
    assertEquals(List.of("stamp", "frame_id"), there.type().fields().stream().map(f -> f.name()).toList());
    assertEquals(2_000_000_000, there.getInt("stamp.sec"));
    assertEquals(999_999_999L, there.getLong("stamp.nanosec"));
    Message back = Translation.plan(ros2, ros1, Direction.ROS2_TO_ROS1).translate(there);
    assertEquals(0L, back.getLong("seq"));
    assertEquals(h.with("seq", 0), back);
  }

  @Test
  void timesThatTheOtherSideCannotHoldAreErrorsNamingTheField() {
    MessageType ros1 = ROS1.messageType("sensor_msgs/JointState");
    MessageType ros2 = ROS2.messageType("sensor_msgs/msg/JointState");
    Message late = ros1.defaultMessage().with("header.stamp", new RosTime(3_000_000_000L, 5));
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> Translation.plan(ros1, ros2, Direction.ROS1_TO_ROS2).translate(late));
    assertTrue(e.getMessage().contains("header.stamp"), e.getMessage());

    Message before1970 = ros2.defaultMessage().with("header.stamp.sec", -1);
    e = assertThrows(MessageFormatException.class, () -> Translation.plan(ros2, ros1, Direction.ROS2_TO_ROS1).translate(before1970));
    assertTrue(e.getMessage().contains("header.stamp"), e.getMessage());
  }

  @Test
  void negativeDurationsKeepTheirNanoseconds() {
    MessageType ros1 = ROS1.messageType("std_msgs/Duration");
    MessageType ros2 = MessageType.of("std_msgs/msg/Duration",
        new org.pyros.core.msg.Field("data", new org.pyros.core.msg.FieldType.Nested(ROS2.messageType("builtin_interfaces/msg/Duration"))));
    Message d = Message.of(ros1, Map.of("data", new RosDuration(-1, -500_000_000)));
    Message there = Translation.plan(ros1, ros2, Direction.ROS1_TO_ROS2).translate(d);
    assertEquals(-2, there.getInt("data.sec"));
    assertEquals(500_000_000L, there.getLong("data.nanosec"));
    Message back = Translation.plan(ros2, ros1, Direction.ROS2_TO_ROS1).translate(there);
    assertEquals(new RosDuration(-2, 500_000_000), back.get("data"));
    assertEquals(-1_500_000_000L, ((RosDuration) back.get("data")).toDuration().toNanos());
  }

  @Test
  void bytesKeepTheirBits() {
    MessageType ros1 = ROS1.messageType("std_msgs/Byte");
    MessageType ros2 = ROS2.messageType("std_msgs/msg/Byte");
    Message there = Translation.plan(ros1, ros2, Direction.ROS1_TO_ROS2).translate(Message.of(ros1, Map.of("data", -1)));
    assertEquals(255, there.getInt("data"));
    Message back = Translation.plan(ros2, ros1, Direction.ROS2_TO_ROS1).translate(there);
    assertEquals(-1, back.getInt("data"));
  }

  @Test
  void cameraInfoMatrixesAreRenamed() {
    MessageType ros1 = ROS1.messageType("sensor_msgs/CameraInfo");
    MessageType ros2 = ROS2.messageType("sensor_msgs/msg/CameraInfo");
    Message m = new RandomMessages(3).of(ros1);
    Message there = Translation.plan(ros1, ros2, Direction.ROS1_TO_ROS2).translate(m);
    assertEquals(m.getList("K"), there.getList("k"));
    assertEquals(m.getList("D"), there.getList("d"));
  }

  @Test
  void aFieldWithoutCounterpartIsNamed() {
    MessageType ros1 = MessageType.of("my_msgs/Thing", new org.pyros.core.msg.Field("a", org.pyros.core.msg.FieldType.of(org.pyros.core.msg.Primitive.INT32)),
        new org.pyros.core.msg.Field("extra", org.pyros.core.msg.FieldType.of(org.pyros.core.msg.Primitive.STRING)));
    MessageType ros2 = MessageType.of("my_msgs/msg/Thing", new org.pyros.core.msg.Field("a", org.pyros.core.msg.FieldType.of(org.pyros.core.msg.Primitive.INT64)));
    UnmappableTypeException e = assertThrows(UnmappableTypeException.class, () -> Translation.plan(ros1, ros2, Direction.ROS1_TO_ROS2));
    assertEquals("a", e.field(), e.getMessage());
    MessageType ros2b = MessageType.of("my_msgs/msg/Thing", new org.pyros.core.msg.Field("a", org.pyros.core.msg.FieldType.of(org.pyros.core.msg.Primitive.INT32)));
    e = assertThrows(UnmappableTypeException.class, () -> Translation.plan(ros1, ros2b, Direction.ROS1_TO_ROS2));
    assertEquals("extra", e.field(), e.getMessage());
    assertTrue(e.getMessage().contains("my_msgs/Thing -> my_msgs/msg/Thing"), e.getMessage());
  }

  @Test
  void typeNamesMapBothWays() {
    assertEquals("sensor_msgs/msg/Imu", TypeNames.ros2("sensor_msgs/Imu"));
    assertEquals("sensor_msgs/Imu", TypeNames.ros1("sensor_msgs/msg/Imu"));
    assertThrows(IllegalArgumentException.class, () -> TypeNames.ros1("std_srvs/srv/SetBool"));
  }

  private static Message withoutSeq(Message m) {
    if (m.type().name().equals(TypeNames.ROS1_HEADER)) {
      return m.with("seq", 0);
    }
    Message out = m;
    for (int i = 0; i < m.type().fields().size(); i++) {
      var f = m.type().fields().get(i);
      if (f.type() instanceof org.pyros.core.msg.FieldType.Nested n && n.type().name().equals(TypeNames.ROS1_HEADER)) {
        out = out.with(f.name(), withoutSeq(m.getMessage(f.name())));
      } else if (f.type() instanceof org.pyros.core.msg.FieldType.Nested) {
        out = out.with(f.name(), withoutSeq(m.getMessage(f.name())));
      } else if (f.type() instanceof org.pyros.core.msg.FieldType.Array a && a.element() instanceof org.pyros.core.msg.FieldType.Nested) {
        List<Message> items = m.getList(f.name());
        out = out.with(f.name(), items.stream().map(TranslationTest::withoutSeq).toList());
      }
    }
    return out;
  }
}
