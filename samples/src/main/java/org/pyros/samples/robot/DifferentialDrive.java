package org.pyros.samples.robot;

import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;

/** How a differential-drive robot moves: the kinematics the simulations of this sample share. */
public final class DifferentialDrive {
  private DifferentialDrive() {}

  /** A {@code geometry_msgs/Pose2D}. */
  public static Message pose(double x, double y, double theta) {
    return Message.builder(StandardTypes.POSE2D).set("x", x).set("y", y).set("theta", theta).build();
  }

  /** A {@code geometry_msgs/Twist} with forward speed {@code linear} (m/s) and turn rate {@code angular} (rad/s). */
  public static Message twist(double linear, double angular) {
    return Message.builder(StandardTypes.TWIST)
        .set("linear", Message.builder(StandardTypes.VECTOR3).set("x", linear).build())
        .set("angular", Message.builder(StandardTypes.VECTOR3).set("z", angular).build())
        .build();
  }

  public static double linear(Message twist) {
    return twist.getMessage("linear").getDouble("x");
  }

  public static double angular(Message twist) {
    return twist.getMessage("angular").getDouble("z");
  }

  /** The pose after driving with {@code twist} for {@code dt} seconds (null twist: standing still). */
  public static Message move(Message pose, Message twist, double dt) {
    if (twist == null) {
      return pose;
    }
    double theta = pose.getDouble("theta");
    double v = linear(twist);
    return pose(pose.getDouble("x") + v * Math.cos(theta) * dt,
        pose.getDouble("y") + v * Math.sin(theta) * dt,
        theta + angular(twist) * dt);
  }
}
