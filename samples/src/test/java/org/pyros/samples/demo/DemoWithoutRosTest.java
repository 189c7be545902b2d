package org.pyros.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo on a machine with no ROS: a JVM of its own in a mount namespace where the ROS
 * message packages Debian installs under /usr/share are hidden (an empty folder over each), with
 * no ROS_PACKAGE_PATH or CMAKE_PREFIX_PATH. It runs to the end and logs no warning: the types
 * it uses come from the definitions bundled in ros-actor.
 */
class DemoWithoutRosTest {
  private static final List<String> PACKAGES = List.of("std_msgs", "std_srvs", "geometry_msgs", "sensor_msgs",
      "nav_msgs", "rosgraph_msgs", "actionlib_msgs", "diagnostic_msgs", "trajectory_msgs", "visualization_msgs",
      "tf2_msgs", "shape_msgs", "stereo_msgs");

  @Test
  void theDemoRunsSilentOfWarningsWithNoRosMessagePackages(@TempDir Path empty) throws Exception {
    StringBuilder hide = new StringBuilder();
    for (String pkg : PACKAGES) {
      if (Files.isDirectory(Path.of("/usr/share", pkg))) {
        hide.append("mount --bind ").append(empty).append(" /usr/share/").append(pkg).append(" && ");
      }
    }
    // The hiding must hold, or the test would prove nothing: the shell checks it before the JVM starts.
    String script = hide + "! test -e /usr/share/std_msgs/msg/Header.msg && exec \"$@\"";
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "sh", "-c", script, "sh",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", mainClassPath(),
        Demo.class.getName(), "3"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("ROS_PACKAGE_PATH");
    pb.environment().remove("CMAKE_PREFIX_PATH");
    pb.environment().remove("ROS_MASTER_URI");
    Process p = pb.start();
    String out;
    try {
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the demo did not end: " + out);
    } finally {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("Demo done: 3 messages received."), out);
    List<String> warnings = out.lines().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("SLF4J(W)"))
        .toList();
    assertEquals(List.of(), warnings, out);
  }

  /** The class path a user's run has: the test's, without test classes (and their logging setup). */
  private static String mainClassPath() {
    return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar")).toList());
  }
}
