package org.pyros.ros.msg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The definitions of the common ROS 1 packages that ship in the jar (std_msgs, geometry_msgs,
 * sensor_msgs, nav_msgs, std_srvs and the other message packages a robot's graph uses), so that
 * a machine with no ROS installed knows their types. Written by
 * {@code scripts/bundle-ros1-interfaces.py} from Debian's packages, without comments.
 */
final class BundledDefinitions {
  private static final String ROOT = "org/pyros/ros/interfaces/";

  private BundledDefinitions() {}

  /** Where a bundled definition is, for messages. */
  static String origin(String pkg, String kind, String fileName) {
    return "classpath:" + ROOT + pkg + "/" + kind + "/" + fileName;
  }

  /** The text of {@code <pkg>/<kind>/<fileName>} ({@code kind} msg or srv), or null when not bundled. */
  static String text(String pkg, String kind, String fileName) {
    if (!pkg.matches("[A-Za-z][A-Za-z0-9_]*") || !fileName.matches("[A-Za-z][A-Za-z0-9_]*\\.(msg|srv)")) {
      return null;
    }
    try (InputStream in = BundledDefinitions.class.getClassLoader().getResourceAsStream(ROOT + pkg + "/" + kind + "/" + fileName)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + pkg + "/" + kind + "/" + fileName, e);
    }
  }
}
