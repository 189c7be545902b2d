package org.pyros.samples.bridge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.bridge.Bridge;
import org.pyros.bridge.BridgeSettings;
import org.pyros.bridge.BridgeSide;
import org.pyros.bridge.ForwardStatus;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;

/**
 * A robot's ROS 1 drivers and a ROS 2 navigation stack in one graph: {@code bridge.conf} forwards
 * the drivers' sensor topics to ROS 2 and the velocity commands back, with the laser scan best
 * effort on ROS 2. Needs a ROS 1 master ({@code ROS_MASTER_URI}) and a ROS 2 domain
 * ({@code ROS_DOMAIN_ID}); prints the forwarded topics every 5 s for {@code seconds} (default 30).
 */
public final class BridgeMain {
  private BridgeMain() {}

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
    Config config = ConfigFactory.load("bridge");
    ActorSystem<Void> actors = ActorSystem.create(Behaviors.empty(), "bridge-sample", config);
    RosSystem ros1 = RosSystem.start(actors, RosSettings.fromConfig(config), MessageTypes.fromEnvironment())
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    Ros2System ros2 = Ros2System.start(Ros2Settings.fromConfig(config));
    try {
      ActorRef<Bridge.Command> bridge = actors.systemActorOf(
          Bridge.create(BridgeSide.ros1(ros1), BridgeSide.ros2(ros2), BridgeSettings.fromConfig(config)), "bridge", Props.empty());
      // Ctrl-C ends the run early; the finally block closes everything either way.
      java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
      Thread hook = new Thread(interrupted::countDown, "bridge-sample-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      for (long s = 0; s < seconds && !interrupted.await(5, TimeUnit.SECONDS); s += 5) {
        List<ForwardStatus> status = AskPattern.<Bridge.Command, List<ForwardStatus>>ask(bridge, Bridge.Status::new,
            Duration.ofSeconds(5), actors.scheduler()).toCompletableFuture().get();
        status.forEach(t -> System.out.printf("%s %s %s: %d forwarded%s%n", t.direction(), t.name(), t.state(), t.forwarded(),
            t.error().isEmpty() ? "" : " (" + t.error() + ")"));
      }
    } finally {
      actors.terminate();
      actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      ros2.close();
      ros1.close();
    }
  }
}
