package org.pyros.ros2.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;

/** Every bundled definition parses, and the ones ROS 2 changed from ROS 1 have their ROS 2 form. */
class BundledInterfacesTest {
  private final Ros2Types types = Ros2Types.bundled();

  @Test
  void everyBundledDefinitionParses() {
    List<String> names = Ros2Types.bundledNames();
    assertTrue(names.size() > 100, "index lists " + names.size());
    List<String> failures = new ArrayList<>();
    for (String name : names) {
      try {
        if (name.contains("/srv/")) {
          types.service(name);
        } else {
          types.type(name);
        }
      } catch (RuntimeException e) {
        failures.add(name + ": " + e.getMessage());
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void theIndexNamesTheCommonPackages() {
    List<String> names = Ros2Types.bundledNames();
    for (String expected : List.of("builtin_interfaces/msg/Time", "builtin_interfaces/msg/Duration",
        "std_msgs/msg/Header", "std_msgs/msg/Float64MultiArray", "std_msgs/msg/ColorRGBA", "std_msgs/msg/Empty",
        "geometry_msgs/msg/TwistWithCovarianceStamped", "sensor_msgs/msg/Image", "sensor_msgs/msg/CameraInfo",
        "sensor_msgs/msg/PointCloud2", "sensor_msgs/msg/BatteryState", "nav_msgs/msg/Odometry",
        "nav_msgs/srv/GetMap", "nav_msgs/srv/GetPlan", "nav_msgs/srv/SetMap", "std_srvs/srv/Trigger",
        "rcl_interfaces/msg/ParameterEvent", "rcl_interfaces/srv/SetParametersAtomically",
        "rcl_interfaces/msg/Log", "rmw_dds_common/msg/ParticipantEntitiesInfo", "example_interfaces/srv/AddTwoInts")) {
      assertTrue(names.contains(expected), expected);
    }
    assertFalse(names.contains("std_msgs/msg/Time"), "ROS 2 has no std_msgs/Time");
  }

  @Test
  void headerHasNoSeqAndTimeIsANestedType() {
    MessageType header = types.messageType("std_msgs/Header");
    assertEquals("std_msgs/msg/Header", header.name());
    assertEquals(List.of("stamp", "frame_id"), header.fields().stream().map(f -> f.name()).toList());
    MessageType time = ((FieldType.Nested) header.field("stamp").type()).type();
    assertEquals("builtin_interfaces/msg/Time", time.name());
    assertEquals(FieldType.of(Primitive.INT32), time.field("sec").type());
    assertEquals(FieldType.of(Primitive.UINT32), time.field("nanosec").type());
  }

  @Test
  void cameraInfoHasRos2FieldNames() {
    MessageType info = types.messageType("sensor_msgs/msg/CameraInfo");
    assertEquals(FieldType.arrayOf(FieldType.of(Primitive.FLOAT64), 9), info.field("k").type());
    assertEquals(FieldType.arrayOf(FieldType.of(Primitive.FLOAT64), 12), info.field("p").type());
    assertEquals(FieldType.arrayOf(FieldType.of(Primitive.FLOAT64)), info.field("d").type());
  }

  @Test
  void defaultsOfQuaternionAndParameterDescriptorAreHonoured() {
    Message q = types.defaultMessage("geometry_msgs/Quaternion");
    assertEquals(1.0, q.getDouble("w"));
    Message pose = types.defaultMessage("geometry_msgs/msg/PoseStamped");
    assertEquals(1.0, pose.getMessage("pose").getMessage("orientation").getDouble("w"));
    Ros2Type descriptor = types.type("rcl_interfaces/msg/ParameterDescriptor");
    assertEquals(1, descriptor.fields().get(descriptor.messageType().indexOf("integer_range")).sequenceBound());
  }

  @Test
  void emptyTypesGetRosidlsPlaceholderMember() {
    assertEquals(List.of(InterfaceTextParser.EMPTY_MEMBER),
        types.messageType("std_msgs/msg/Empty").fields().stream().map(f -> f.name()).toList());
    Ros2Service empty = types.service("std_srvs/srv/Empty");
    assertEquals("std_srvs/srv/Empty_Request", empty.request().name());
    assertEquals(1, empty.response().messageType().fields().size());
    assertEquals(10, types.messageType("rcl_interfaces/msg/ParameterType").constants().size());
  }

  @Test
  void serviceTypesUseRosidlsPartNames() {
    var addTwoInts = types.serviceType("example_interfaces/AddTwoInts");
    assertEquals("example_interfaces/srv/AddTwoInts", addTwoInts.name());
    assertEquals("example_interfaces/srv/AddTwoInts_Request", addTwoInts.request().name());
    assertEquals("example_interfaces/srv/AddTwoInts_Response", addTwoInts.response().name());
    assertEquals(addTwoInts.response(), types.messageType("example_interfaces/srv/AddTwoInts_Response"));
    assertEquals("nav_msgs/msg/OccupancyGrid",
        ((FieldType.Nested) types.serviceType("nav_msgs/GetMap").response().field("map").type()).type().name());
  }
}
