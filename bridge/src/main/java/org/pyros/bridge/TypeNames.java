package org.pyros.bridge;

/**
 * Message type names on each side: ROS 1 {@code pkg/Type}, ROS 2 {@code pkg/msg/Type}. ROS 1's
 * {@code time} and {@code duration} builtins are ROS 2's {@code builtin_interfaces} messages.
 */
public final class TypeNames {
  /** The ROS 2 message that holds a ROS 1 {@code time}. */
  public static final String ROS2_TIME = "builtin_interfaces/msg/Time";
  /** The ROS 2 message that holds a ROS 1 {@code duration}. */
  public static final String ROS2_DURATION = "builtin_interfaces/msg/Duration";
  /** The header type, which ROS 1 gives a {@code seq} field more. */
  public static final String ROS1_HEADER = "std_msgs/Header";

  private TypeNames() {}

  /** {@code pkg/Type} (or {@code pkg/msg/Type}, unchanged) as ROS 2 names it. */
  public static String ros2(String ros1Type) {
    String[] p = split(ros1Type);
    return p.length == 3 ? ros1Type : p[0] + "/msg/" + p[1];
  }

  /** {@code pkg/msg/Type} (or {@code pkg/Type}, unchanged) as ROS 1 names it. */
  public static String ros1(String ros2Type) {
    String[] p = split(ros2Type);
    if (p.length == 3 && !p[1].equals("msg")) {
      throw new IllegalArgumentException("'" + ros2Type + "' is no message type (a ROS 2 message is pkg/msg/Type)");
    }
    return p.length == 3 ? p[0] + "/" + p[2] : ros2Type;
  }

  /** A ROS 1 service type {@code pkg/Name} as ROS 2 names it: {@code pkg/srv/Name}. */
  public static String ros2Service(String ros1Service) {
    String[] p = split(ros1Service);
    if (p.length == 3) {
      throw new IllegalArgumentException("'" + ros1Service + "' is no ROS 1 service type (pkg/Name)");
    }
    return p[0] + "/srv/" + p[1];
  }

  /** A ROS 2 service type {@code pkg/srv/Name} as ROS 1 names it: {@code pkg/Name}. */
  public static String ros1Service(String ros2Service) {
    String[] p = split(ros2Service);
    if (p.length != 3 || !p[1].equals("srv")) {
      throw new IllegalArgumentException("'" + ros2Service + "' is no ROS 2 service type (pkg/srv/Name)");
    }
    return p[0] + "/" + p[2];
  }

  private static String[] split(String type) {
    String[] p = type.split("/", -1);
    if (p.length < 2 || p.length > 3 || java.util.Arrays.stream(p).anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("'" + type + "' is no message type name (pkg/Type or pkg/msg/Type)");
    }
    return p;
  }
}
