package org.pyros.bridge;

/** Which way a topic is forwarded; for a service, which side its server is on: ROS 1 to ROS 2 serves a ROS 1 service to ROS 2. */
public enum Direction {
  ROS1_TO_ROS2("ros1-to-ros2"),
  ROS2_TO_ROS1("ros2-to-ros1");

  private final String configName;

  Direction(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration and logs, e.g. {@code ros1-to-ros2}. */
  public String configName() {
    return configName;
  }

  /** The other way. */
  public Direction reverse() {
    return this == ROS1_TO_ROS2 ? ROS2_TO_ROS1 : ROS1_TO_ROS2;
  }

  /** The name the target side gives the source side's message type. */
  public String targetTypeName(String sourceType) {
    return this == ROS1_TO_ROS2 ? TypeNames.ros2(sourceType) : TypeNames.ros1(sourceType);
  }

  /** The name the target side gives the source side's service type. */
  public String targetServiceTypeName(String sourceType) {
    return this == ROS1_TO_ROS2 ? TypeNames.ros2Service(sourceType) : TypeNames.ros1Service(sourceType);
  }

  @Override
  public String toString() {
    return configName;
  }
}
