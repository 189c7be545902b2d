package org.pyros.samples.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.samples.robot.DifferentialDrive.angular;
import static org.pyros.samples.robot.DifferentialDrive.linear;
import static org.pyros.samples.robot.DifferentialDrive.pose;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.PyrosTestKitExtension;
import org.pyros.testkit.ScriptedPublisher;

/** The controller under test meets a robot the test scripts. */
class GoToGoalTest {
  static final Exposure ROBOT = new Exposure(NameFilter.allowing("/robot/**"), NameFilter.NONE, NameFilter.allowing("/robot/**"));

  @RegisterExtension
  final PyrosTestKitExtension pyros = PyrosTestKitExtension.inMemory(ROBOT);

  static final Duration WAIT = Duration.ofSeconds(3);

  GoToGoal start(PyrosTestKit kit) {
    return kit.await(GoToGoal.start(kit.client(), 0.05, GoToGoal.Gains.DEFAULT));
  }

  @Test
  void eachScriptedPoseGetsTheRightCommand() {
    PyrosTestKit kit = pyros.kit();
    kit.graph().setParam(GoToGoal.GOAL_PARAM, Map.of("x", 1.0, "y", 0.0));
    ScriptedPublisher robot = kit.graph().publishing(GoToGoal.POSE_TOPIC, StandardTypes.POSE2D);
    start(kit);

    // At the origin facing the goal: straight ahead at full speed, no turn.
    robot.publish(pose(0, 0, 0));
    Message ahead = kit.expectPublished(GoToGoal.CMD_TOPIC, WAIT);
    assertEquals(0.5, linear(ahead), 1e-9);
    assertEquals(0.0, angular(ahead), 1e-9);

    // Facing left (+90°) with the goal straight ahead on x: turn right on the spot.
    robot.publish(pose(0, 0, Math.PI / 2));
    Message turn = kit.expectPublished(GoToGoal.CMD_TOPIC, WAIT);
    assertEquals(0.0, linear(turn));
    assertTrue(angular(turn) < 0, turn::toString);

    // Close to the goal: slow down, proportionally to the distance left.
    robot.publish(pose(0.5, 0, 0));
    assertEquals(0.4, linear(kit.expectPublished(GoToGoal.CMD_TOPIC, WAIT)), 1e-9);
    kit.expectNoPublish(GoToGoal.CMD_TOPIC, Duration.ofMillis(50));

    // Within the tolerance: stop, and say so.
    robot.publish(pose(0.98, 0.01, 0.3));
    Message stop = kit.expectPublished(GoToGoal.CMD_TOPIC, WAIT);
    assertEquals(0.0, linear(stop));
    assertEquals(0.0, angular(stop));
    kit.expectParam(GoToGoal.ARRIVED_PARAM, true, WAIT);
  }

  @Test
  void aSimulatedRobotDrivenByTheCommandsReachesTheGoal() {
    PyrosTestKit kit = pyros.kit();
    kit.graph().setParam(GoToGoal.GOAL_PARAM, Map.of("x", 1.0, "y", -1.0));
    // The robot: moves by the last command for 0.1 s of simulated time per published pose.
    AtomicReference<Message> command = new AtomicReference<>();
    AtomicReference<Message> robotPose = new AtomicReference<>(pose(0, 0, Math.PI));
    kit.graph().subscribing(GoToGoal.CMD_TOPIC, StandardTypes.TWIST, command::set);
    ScriptedPublisher robot = kit.graph().publishing(GoToGoal.POSE_TOPIC, StandardTypes.POSE2D,
        () -> robotPose.updateAndGet(p -> DifferentialDrive.move(p, command.get(), 0.1)));
    start(kit);

    robot.every(Duration.ofMillis(5));

    kit.expectParam(GoToGoal.ARRIVED_PARAM, true, Duration.ofSeconds(10));
    robot.stop();
    Message end = robotPose.get();
    double missed = Math.hypot(end.getDouble("x") - 1.0, end.getDouble("y") + 1.0);
    assertTrue(missed < 0.05 + 0.05, "the robot stopped " + missed + " m from the goal: " + end);
    kit.expectPublished(GoToGoal.CMD_TOPIC, m -> linear(m) == 0 && angular(m) == 0, WAIT);
  }

  @Test
  void withoutAGoalTheControllerDoesNotStart() {
    PyrosTestKit kit = pyros.kit();
    PyrosException e = assertThrows(PyrosException.class, () -> start(kit));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertTrue(e.getMessage().contains(GoToGoal.GOAL_PARAM), e.getMessage());
  }
}
