package org.pyros.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pyros.core.expose.NameFilter;
import org.pyros.ros2.rtps.qos.Reliability;
import org.pyros.ros2.system.QosProfiles;

/** pyros.bridge as reference.conf and an application give it. */
class BridgeSettingsTest {
  @Test
  void readsPatternsExclusionsAndQos() {
    BridgeSettings s = BridgeSettings.fromConfig(ConfigFactory.parseString("""
        pyros.bridge { ros1-to-ros2 = ["/robot/**"], ros2-to-ros1 = ["/cmd_vel"], qos { "/robot/scan" = "sensor-data" } }
        """).withFallback(ConfigFactory.load()));
    assertTrue(s.filter(Direction.ROS1_TO_ROS2).allows("/robot/arm/joints"));
    assertFalse(s.filter(Direction.ROS1_TO_ROS2).allows("/cmd_vel"));
    assertTrue(s.filter(Direction.ROS2_TO_ROS1).allows("/cmd_vel"));
    assertFalse(s.filter(Direction.ROS1_TO_ROS2).allows("/rosout"), "excluded by default");
    assertEquals("sensor-data", s.qosProfile("/robot/scan"));
    assertEquals("", s.qosProfile("/robot/odom"));
    assertEquals(Reliability.BEST_EFFORT, s.applyTo(QosProfiles.defaults()).forSubscription("/robot/scan", List.of()).reliability());
    assertEquals(Duration.ofSeconds(3), s.linger());
  }

  @Test
  void readsServicePatternsWithTheLoggerAndParameterServicesExcluded() {
    BridgeSettings s = BridgeSettings.fromConfig(ConfigFactory.parseString("""
        pyros.bridge.services { ros1-to-ros2 = ["/**"], ros2-to-ros1 = ["/arm/*"], call-timeout = 3s }
        """).withFallback(ConfigFactory.load()));
    NameFilter to2 = s.services().filter(Direction.ROS1_TO_ROS2);
    assertTrue(to2.allows("/set_flag"));
    assertFalse(to2.allows("/talker/get_loggers"), "every rospy node has them");
    assertFalse(to2.allows("/talker/set_logger_level"));
    assertFalse(s.services().filter(Direction.ROS2_TO_ROS1).allows("/arm/get_parameters"), "every ROS 2 node has them");
    assertTrue(s.services().filter(Direction.ROS2_TO_ROS1).allows("/arm/home"));
    assertFalse(s.filter(Direction.ROS1_TO_ROS2).allows("/set_flag"), "topic patterns are apart");
    assertEquals(Duration.ofSeconds(3), s.services().callTimeout());
  }

  @Test
  void readsTopicKeysFromAMapAsTheCommandLineGivesThem() {
    BridgeSettings s = BridgeSettings.fromConfig(ConfigFactory.parseMap(Map.of("pyros.bridge.qos.\"/scan\"", "latched",
        "pyros.bridge.ros1-to-ros2", List.of("/scan"))).withFallback(ConfigFactory.load()));
    assertEquals("latched", s.qosProfile("/scan"));
    assertTrue(s.filter(Direction.ROS1_TO_ROS2).allows("/scan"));
  }

  @Test
  void anUnknownProfileNamesTheTopic() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BridgeSettings.fromConfig(
        ConfigFactory.parseString("pyros.bridge.qos { \"/scan\" = fast }").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("/scan") && e.getMessage().contains("sensor-data"), e.getMessage());
  }
}
