package org.pyros.ros.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.msg.StandardTypes;

/**
 * The definitions bundled in the jar: with no ROS search path at all, every one of them loads,
 * with the md5sums the real ROS (genpy) computes; a definition on the search path still wins.
 */
class BundledTypesTest {
  private final MessageTypes bundledOnly = new MessageTypes(List.of());

  @Test
  void everyBundledDefinitionLoadsWithNoRosOnTheSearchPath() throws Exception {
    List<String> names = index();
    assertTrue(names.size() > 140, "index: " + names.size());
    for (String entry : names) {
      String[] parts = entry.split("/");
      String type = parts[0] + "/" + parts[2];
      if (parts[1].equals("msg")) {
        assertEquals(type, bundledOnly.messageType(type).name());
      } else {
        assertEquals(type + "Request", bundledOnly.serviceType(type).request().name());
      }
      assertTrue(bundledOnly.isAvailable(type, parts[1]), type);
    }
    for (String pkg : List.of("std_msgs", "std_srvs", "geometry_msgs", "sensor_msgs", "nav_msgs", "rosgraph_msgs",
        "actionlib_msgs", "diagnostic_msgs", "trajectory_msgs", "visualization_msgs", "tf2_msgs", "shape_msgs",
        "stereo_msgs")) {
      assertTrue(names.stream().anyMatch(n -> n.startsWith(pkg + "/")), "nothing of " + pkg + " bundled");
    }
  }

  @Test
  void bundledMd5sumsEqualRos() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (String name : RosReference.MESSAGES) {
      if (!RosReference.text("md5:" + name).equals(bundledOnly.md5(name))) {
        wrong.add(name);
      }
    }
    for (String name : RosReference.SERVICES) {
      if (!RosReference.text("srvmd5:" + name).equals(bundledOnly.serviceMd5(name))) {
        wrong.add(name);
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void coresStandardTypesAreTheBundledOnes() {
    // Messages built on StandardTypes are published as these types: fields and md5sums must agree.
    for (MessageType t : StandardTypes.messageTypes()) {
      assertEquals(t.fields(), bundledOnly.messageType(t.name()).fields(), t.name());
      assertEquals(bundledOnly.md5(t.name()), bundledOnly.md5(t), t.name());
    }
    for (ServiceType t : StandardTypes.serviceTypes()) {
      assertEquals(t.response().fields(), bundledOnly.serviceType(t.name()).response().fields(), t.name());
      assertEquals(bundledOnly.serviceMd5(t.name()), bundledOnly.md5(t), t.name());
    }
  }

  @Test
  void aDefinitionOnTheSearchPathWins(@TempDir Path root) throws Exception {
    Path own = Files.createDirectories(root.resolve("std_msgs/msg")).resolve("String.msg");
    Files.writeString(own, "string data\nuint8 extra\n");
    MessageType t = new MessageTypes(List.of(root)).messageType("std_msgs/String");
    assertEquals(List.of("data", "extra"), t.fields().stream().map(f -> f.name()).toList());
    assertEquals(List.of("data"), bundledOnly.messageType("std_msgs/String").fields().stream().map(f -> f.name()).toList());
  }

  private static List<String> index() throws Exception {
    try (InputStream in = BundledTypesTest.class.getClassLoader().getResourceAsStream("org/pyros/ros/interfaces/index.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
  }
}
