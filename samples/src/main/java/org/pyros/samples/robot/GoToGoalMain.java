package org.pyros.samples.robot;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.samples.LocalPyros;

/**
 * Drives a simulated robot to a goal: {@code [x y]} (default 2 1). The robot is another node of
 * the in-memory graph: it publishes its pose every 20 ms (0.1 s of simulated time) and moves by
 * the commands on {@code /robot/cmd}; the {@link GoToGoal} controller talks to it through Pyros.
 */
public final class GoToGoalMain {
  private GoToGoalMain() {}

  public static void main(String[] args) throws Exception {
    double gx = args.length > 1 ? Double.parseDouble(args[0]) : 2.0;
    double gy = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    Exposure robot = new Exposure(NameFilter.allowing("/robot/**"), NameFilter.NONE, NameFilter.allowing("/robot/**"));
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    try (LocalPyros pyros = LocalPyros.start("go-to-goal", robot)) {
      AtomicReference<Message> pose = new AtomicReference<>(DifferentialDrive.pose(0, 0, 0));
      AtomicReference<Message> cmd = new AtomicReference<>();
      TopicPublisher poses = pyros.graph().advertise(new TopicInfo(GoToGoal.POSE_TOPIC, StandardTypes.POSE2D.name()), PublishOptions.DEFAULT)
          .toCompletableFuture().join();
      pyros.graph().subscribe(new TopicInfo(GoToGoal.CMD_TOPIC, StandardTypes.TWIST.name()), 10, cmd::set);
      pyros.graph().setParam(GoToGoal.GOAL_PARAM, Map.of("x", gx, "y", gy));
      pyros.awaitTopic(GoToGoal.POSE_TOPIC, Duration.ofSeconds(5));

      try (GoToGoal controller = GoToGoal.start(pyros.client(), 0.05, GoToGoal.Gains.DEFAULT).toCompletableFuture().get(5, TimeUnit.SECONDS)) {
        System.out.println("Driving to " + controller.goal());
        int[] tick = {0};
        clock.scheduleAtFixedRate(() -> {
          Message p = pose.updateAndGet(current -> DifferentialDrive.move(current, cmd.get(), 0.1));
          poses.publish(p);
          if (tick[0]++ % 10 == 0) {
            System.out.printf("  t=%4.1fs pose (%.2f, %.2f, %.2f rad)%n", tick[0] * 0.1, p.getDouble("x"), p.getDouble("y"), p.getDouble("theta"));
          }
        }, 0, 20, TimeUnit.MILLISECONDS);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!pyros.client().param(GoToGoal.ARRIVED_PARAM).toCompletableFuture().join().equals(Optional.of(true))) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the robot did not arrive in time; it is at " + pose.get());
          }
          Thread.sleep(20);
        }
        Message end = pose.get();
        System.out.printf("Arrived at (%.3f, %.3f) in %.1f s of simulated time%n", end.getDouble("x"), end.getDouble("y"), tick[0] * 0.1);
      }
    } finally {
      clock.shutdownNow();
    }
  }
}
