package org.pyros.ros.msg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reference values from the real ROS on this machine: runs {@code ros_reference.py} once with
 * Debian's python3 (genmsg/genpy and the generated message modules) and keeps its JSON answer.
 */
final class RosReference {
  static final String PYTHON = "/usr/bin/python3";

  static final List<String> MESSAGES = List.of(
      "std_msgs/String", "std_msgs/Header", "std_msgs/Empty", "std_msgs/Time", "std_msgs/Duration",
      "std_msgs/Char", "std_msgs/Byte", "std_msgs/ByteMultiArray", "std_msgs/Float64MultiArray",
      "std_msgs/ColorRGBA", "geometry_msgs/Twist", "geometry_msgs/PoseStamped",
      "geometry_msgs/PoseWithCovarianceStamped", "geometry_msgs/TransformStamped",
      "geometry_msgs/Polygon", "sensor_msgs/Image", "sensor_msgs/PointCloud2", "sensor_msgs/Imu",
      "sensor_msgs/JointState", "sensor_msgs/LaserScan", "sensor_msgs/CameraInfo",
      "sensor_msgs/NavSatFix", "sensor_msgs/BatteryState", "nav_msgs/Odometry",
      "nav_msgs/OccupancyGrid", "nav_msgs/Path", "rosgraph_msgs/Log", "rosgraph_msgs/Clock",
      "actionlib_msgs/GoalStatusArray");
  static final List<String> SERVICES = List.of(
      "std_srvs/Empty", "std_srvs/SetBool", "std_srvs/Trigger", "nav_msgs/GetMap",
      "nav_msgs/GetPlan", "nav_msgs/SetMap", "sensor_msgs/SetCameraInfo");
  static final List<String> FULL_TEXTS = List.of(
      "geometry_msgs/PoseStamped", "nav_msgs/Odometry", "sensor_msgs/Imu", "sensor_msgs/PointCloud2",
      "actionlib_msgs/GoalStatusArray", "std_msgs/String");

  private static JsonNode values;

  private RosReference() {}

  /** The reference JSON (see ros_reference.py for its keys). */
  static synchronized JsonNode values() throws Exception {
    if (values == null) {
      values = run();
    }
    return values;
  }

  static String text(String key) throws Exception {
    JsonNode v = values().get(key);
    if (v == null) {
      throw new AssertionError("ros_reference.py gave no value for " + key);
    }
    return v.textValue();
  }

  static Path resource(String name) throws Exception {
    return Path.of(RosReference.class.getResource(name).toURI());
  }

  private static JsonNode run() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, resource("ros_reference.py").toString(),
        resource("AllTypes.msg").toString()));
    MESSAGES.forEach(t -> cmd.addAll(List.of("msg", t)));
    SERVICES.forEach(t -> cmd.addAll(List.of("srv", t)));
    FULL_TEXTS.forEach(t -> cmd.addAll(List.of("text", t)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    pb.environment().put("PYTHONUNBUFFERED", "1");
    Process p = pb.start();
    try {
      p.getOutputStream().close();
      var err = p.getErrorStream();
      Thread errReader = new Thread(() -> {
        try {
          err.transferTo(System.err);
        } catch (IOException ignored) {
          // the process ended
        }
      });
      errReader.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("ros_reference.py failed (is ROS installed? see shared/ros-peer): " + out);
      }
      return new ObjectMapper().readTree(out);
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
