package org.pyros.bridge;

import java.util.Map;

/**
 * The fields of the common packages that ROS 2 renamed (its field names must be lower case):
 * ROS 1 name to ROS 2 name, by ROS 1 type. Every other field keeps its name.
 */
final class FieldRenames {
  private static final Map<String, Map<String, String>> ROS1_TO_ROS2 = Map.of(
      "sensor_msgs/CameraInfo", Map.of("D", "d", "K", "k", "R", "r", "P", "p"));

  private FieldRenames() {}

  /** The ROS 2 name of a field of a ROS 1 type. */
  static String ros2Name(String ros1Type, String field) {
    return ROS1_TO_ROS2.getOrDefault(ros1Type, Map.of()).getOrDefault(field, field);
  }

  /** The ROS 1 name of a field of a ROS 2 type (named as ROS 1 names it). */
  static String ros1Name(String ros1Type, String field) {
    for (var e : ROS1_TO_ROS2.getOrDefault(ros1Type, Map.of()).entrySet()) {
      if (e.getValue().equals(field)) {
        return e.getKey();
      }
    }
    return field;
  }
}
