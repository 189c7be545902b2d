package org.pyros.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pyros bridge}: a ROS 1 node and a ROS 2 node in one process, forwarding the topics the
 * patterns name between them until stopped. Prints one line per topic as it starts forwarding
 * or fails.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
    description = "Forward topics between a ROS 1 master and a ROS 2 domain (as ros1_bridge does), until stopped.")
final class BridgeCommand implements Callable<Integer> {
  private static final Duration STATUS_PERIOD = Duration.ofMillis(500);

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--domain", paramLabel = "ID", description = "ROS 2 domain id (default: $ROS_DOMAIN_ID, else 0).")
  Integer domain;

  @Option(names = "--peer", paramLabel = "HOST[:PORT]", description = "Where to look for ROS 2 participants (repeatable; default: 127.0.0.1).")
  List<String> peers = new ArrayList<>();

  @Option(names = "--ros1-to-ros2", paramLabel = "PATTERN", description = "Topics forwarded from ROS 1 to ROS 2 (repeatable; names, globs such as /robot/**, re:REGEX).")
  List<String> toRos2 = new ArrayList<>();

  @Option(names = "--ros2-to-ros1", paramLabel = "PATTERN", description = "Topics forwarded from ROS 2 to ROS 1 (repeatable).")
  List<String> toRos1 = new ArrayList<>();

  @Option(names = "--service-ros1-to-ros2", paramLabel = "PATTERN", description = "ROS 1 services offered to ROS 2 clients (repeatable).")
  List<String> servicesToRos2 = new ArrayList<>();

  @Option(names = "--service-ros2-to-ros1", paramLabel = "PATTERN", description = "ROS 2 services offered to ROS 1 clients (repeatable).")
  List<String> servicesToRos1 = new ArrayList<>();

  @Option(names = "--qos", paramLabel = "TOPIC=PROFILE", description = "ROS 2 QoS profile of a forwarded topic: default, sensor-data, latched (repeatable).")
  Map<String, String> qos = new HashMap<>();

  @Option(names = "--name", paramLabel = "NODE", defaultValue = "pyros_bridge", description = "Node name on both sides (default: ${DEFAULT-VALUE}).")
  String name;

  @Override
  public Integer call() throws Exception {
    URI master = connection.masterUri();
    Config config = ConfigFactory.parseMap(patterns()).withFallback(ConfigFactory.load("pyros-cli"));
    BridgeSettings settings;
    Ros2Settings ros2Settings;
    try {
      settings = BridgeSettings.fromConfig(config);
      Ros2Settings base = Ros2Settings.fromConfig(config);
      ros2Settings = new Ros2Settings(domain != null ? domain : base.domainId(), name, base.bindAddress(),
          peers.isEmpty() ? base.peers() : peers, base.maxPeerIndex(), base.participantIndex(), base.leaseDuration(),
          base.announcePeriod(), base.multicastInterface(), settings.applyTo(base.qos()));
    } catch (RuntimeException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), PyrosCli.oneLine(e.getMessage()));
    }
    if (toRos2.isEmpty() && toRos1.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "nothing to forward: give --ros1-to-ros2 or --ros2-to-ros1");
    }
    ActorSystem<Void> actors = ActorSystem.create(Behaviors.empty(), "pyros-bridge", config);
    RosSystem ros1 = null;
    Ros2System ros2 = null;
    try {
      RosSettings base = RosSettings.fromConfig(config);
      RosSettings rosSettings = new RosSettings("/" + name, master, base.hostname(), base.bindAddress(), base.xmlrpcPort(),
          base.tcprosPort(), Duration.ofSeconds(1), base.masterTimeout());
      ros1 = RosSystem.start(actors, rosSettings, MessageTypes.fromEnvironment())
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      ros2 = Ros2System.start(ros2Settings);
    } catch (Exception e) {
      close(actors, ros1, ros2);
      throw new CliFailure("cannot start the bridge: " + PyrosCli.describe(e), e);
    }
    RosSystem r1 = ros1;
    Ros2System r2 = ros2;
    ActorRef<Bridge.Command> bridge = actors.systemActorOf(
        Bridge.create(BridgeSide.ros1(r1), BridgeSide.ros2(r2), settings), "bridge", org.apache.pekko.actor.typed.Props.empty());
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      close(actors, r1, r2);
      stopped.countDown();
    }, "pyros-bridge-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    var out = spec.commandLine().getOut();
    out.println("bridge " + master + " <-> ros2 domain " + ros2Settings.domainId());
    out.flush();
    try {
      report(actors, bridge, stopped, out);
    } finally {
      if (stopped.getCount() > 0) {
        Runtime.getRuntime().removeShutdownHook(hook);
        close(actors, r1, r2);
      }
    }
    return 0;
  }

  /** Prints a line for each topic and service that starts forwarding or fails, until stopped. */
  private static void report(ActorSystem<Void> actors, ActorRef<Bridge.Command> bridge, CountDownLatch stopped,
      java.io.PrintWriter out) throws InterruptedException {
    Map<String, ForwardStatus.State> shown = new HashMap<>();
    while (!stopped.await(STATUS_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
      List<ForwardStatus> status;
      try {
        status = AskPattern.<Bridge.Command, List<ForwardStatus>>ask(bridge, Bridge.Status::new, Duration.ofSeconds(5), actors.scheduler())
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        continue;
      }
      Map<String, ForwardStatus.State> now = new HashMap<>();
      for (ForwardStatus t : status) {
        String key = (t.kind() == ForwardStatus.Kind.SERVICE ? "service " : "") + t.direction() + " " + t.name();
        now.put(key, t.state());
        if (t.state() != ForwardStatus.State.STARTING && shown.get(key) != t.state()) {
          out.println(t.state() == ForwardStatus.State.FORWARDING
              ? "forwarding " + key + " (" + t.sourceType() + ")"
              : "failed " + key + ": " + PyrosCli.oneLine(t.error()));
          out.flush();
        }
      }
      shown.keySet().retainAll(now.keySet());
      now.forEach((k, v) -> {
        if (v != ForwardStatus.State.STARTING) {
          shown.put(k, v);
        }
      });
    }
  }

  private Map<String, Object> patterns() {
    Map<String, Object> m = new HashMap<>();
    m.put("pyros.bridge.ros1-to-ros2", toRos2);
    m.put("pyros.bridge.ros2-to-ros1", toRos1);
    m.put("pyros.bridge.services.ros1-to-ros2", servicesToRos2);
    m.put("pyros.bridge.services.ros2-to-ros1", servicesToRos1);
    qos.forEach((topic, profile) -> m.put("pyros.bridge.qos.\"" + topic + "\"", profile));
    return m;
  }

  private static void close(ActorSystem<Void> actors, RosSystem ros1, Ros2System ros2) {
    // The bridge's children cancel their registrations as the actor system stops; the systems after.
    actors.terminate();
    try {
      actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      // stopping anyway: the process exits next
    }
    if (ros2 != null) {
      ros2.close();
    }
    if (ros1 != null) {
      ros1.close();
    }
  }
}
