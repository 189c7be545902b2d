package org.pyros.samples.robot;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A go-to-goal controller: reads the goal from the param {@value #GOAL_PARAM} ({@code {x: .., y:
 * ..}}), follows the robot's pose on {@value #POSE_TOPIC} ({@code geometry_msgs/Pose2D}) and
 * answers every pose with a command on {@value #CMD_TOPIC} ({@code geometry_msgs/Twist}): turn
 * towards the goal, drive when facing it, stop within {@code tolerance}. On arrival it sets
 * {@value #ARRIVED_PARAM} to true.
 */
public final class GoToGoal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GoToGoal.class);

  public static final String POSE_TOPIC = "/robot/pose";
  public static final String CMD_TOPIC = "/robot/cmd";
  public static final String GOAL_PARAM = "/robot/goal";
  public static final String ARRIVED_PARAM = "/robot/arrived";

  /** Where to go, and how close is close enough (m). */
  public record Goal(double x, double y, double tolerance) {}

  /** Gains and limits of the controller. */
  public record Gains(double linear, double angular, double maxSpeed, double maxTurn, double facing) {
    public static final Gains DEFAULT = new Gains(0.8, 2.0, 0.5, 1.5, 0.3);
  }

  private final PyrosClient pyros;
  private final Goal goal;
  private final Gains gains;
  private final AtomicBoolean arrived = new AtomicBoolean();
  private volatile PyrosClient.TopicSubscription subscription;

  private GoToGoal(PyrosClient pyros, Goal goal, Gains gains) {
    this.pyros = pyros;
    this.goal = goal;
    this.gains = gains;
  }

  /** Reads the goal and subscribes; the stage completes once poses are followed. */
  public static CompletionStage<GoToGoal> start(PyrosClient pyros, double tolerance, Gains gains) {
    return pyros.param(GOAL_PARAM).thenCompose(value -> {
      Goal goal = goal(value.orElseThrow(() -> new PyrosException(ErrorCode.NOT_FOUND, "no goal: set " + GOAL_PARAM + " to {x, y}")), tolerance);
      GoToGoal controller = new GoToGoal(pyros, goal, gains);
      return pyros.subscribe(POSE_TOPIC, controller::onPose).thenApply(s -> {
        controller.subscription = s;
        return controller;
      });
    });
  }

  private static Goal goal(Object value, double tolerance) {
    if (value instanceof Map<?, ?> m && m.get("x") instanceof Number x && m.get("y") instanceof Number y) {
      return new Goal(x.doubleValue(), y.doubleValue(), tolerance);
    }
    throw new PyrosException(ErrorCode.BAD_MESSAGE, GOAL_PARAM + " must be {x: number, y: number}, got " + value);
  }

  public Goal goal() {
    return goal;
  }

  private void onPose(Message pose) {
    Message cmd = command(pose, goal, gains);
    pyros.publish(CMD_TOPIC, cmd).whenComplete((done, failure) -> {
      if (failure != null) {
        log.warn("Command not sent: {}", failure.toString());
      }
    });
    if (DifferentialDrive.linear(cmd) == 0 && DifferentialDrive.angular(cmd) == 0 && arrived.compareAndSet(false, true)) {
      log.info("Arrived at ({}, {})", goal.x(), goal.y());
      pyros.setParam(ARRIVED_PARAM, true);
    }
  }

  /** The command for one pose: the control law, without any I/O. */
  public static Message command(Message pose, Goal goal, Gains gains) {
    double dx = goal.x() - pose.getDouble("x");
    double dy = goal.y() - pose.getDouble("y");
    double distance = Math.hypot(dx, dy);
    if (distance < goal.tolerance()) {
      return DifferentialDrive.twist(0, 0);
    }
    double error = normalize(Math.atan2(dy, dx) - pose.getDouble("theta"));
    double turn = clamp(gains.angular() * error, gains.maxTurn());
    // Drive only when roughly facing the goal, so the robot does not spiral.
    double speed = Math.abs(error) < gains.facing() ? Math.min(gains.linear() * distance, gains.maxSpeed()) : 0;
    return DifferentialDrive.twist(speed, turn);
  }

  private static double normalize(double angle) {
    return Math.atan2(Math.sin(angle), Math.cos(angle));
  }

  private static double clamp(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  /** Stops following poses. */
  @Override
  public void close() {
    PyrosClient.TopicSubscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
