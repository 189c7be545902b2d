package org.pyros.samples.demo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;

/**
 * A tiny robot living in a graph: it publishes its pose on {@code /robot/pose} at a fixed rate
 * and moves forward one step each time {@code /robot/step} (std_srvs/Trigger) is called. It is
 * "another node" of the graph, not part of Pyros.
 */
public final class SimulatedRobot implements AutoCloseable {
  private final AtomicReference<Message> pose = new AtomicReference<>(
      Message.builder(StandardTypes.POSE2D).build());
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "simulated-robot");
    t.setDaemon(true);
    return t;
  });
  private final TopicPublisher publisher;
  private final Registration service;

  private SimulatedRobot(TopicPublisher publisher, Registration service) {
    this.publisher = publisher;
    this.service = service;
  }

  /** Starts the robot in {@code graph}, publishing every {@code period}. */
  public static SimulatedRobot start(GraphSystem graph, Duration period) {
    TopicPublisher publisher = graph.advertise(new TopicInfo("/robot/pose", "geometry_msgs/Pose2D"), PublishOptions.DEFAULT)
        .toCompletableFuture().join();
    SimulatedRobot[] robot = new SimulatedRobot[1];
    Registration service = serveStep(graph, robot);
    robot[0] = new SimulatedRobot(publisher, service);
    robot[0].timer.scheduleAtFixedRate(robot[0]::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return robot[0];
  }

  /** Serves /robot/step where the graph can serve services; a graph that cannot (ROS 2, so far) gets none. */
  private static Registration serveStep(GraphSystem graph, SimulatedRobot[] robot) {
    try {
      return graph.serve(new ServiceInfo("/robot/step", "std_srvs/Trigger"), request -> {
        Message moved = robot[0].pose.updateAndGet(p -> p.with("x", p.getDouble("x") + 0.5));
        return CompletableFuture.completedFuture(Message.builder(StandardTypes.TRIGGER.response())
            .set("success", true)
            .set("message", "moved to x=" + moved.getDouble("x"))
            .build());
      }).toCompletableFuture().join();
    } catch (java.util.concurrent.CompletionException e) {
      if (PyrosException.of(e, ErrorCode.SYSTEM_FAILURE).code() != ErrorCode.UNAVAILABLE) {
        throw e;
      }
      return () -> { };
    }
  }

  private void tick() {
    Message p = pose.updateAndGet(m -> m.with("theta", (m.getDouble("theta") + 0.1) % (2 * Math.PI)));
    publisher.publish(p);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    service.cancel();
    publisher.cancel();
  }
}
