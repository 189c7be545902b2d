package org.pyros.samples.demo;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageJson;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.memory.InMemorySystem;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;
import org.slf4j.LoggerFactory;

/**
 * The README's first command: a simulated robot node, one Pyros node exposing it, and a client
 * that prints what it sees, calls a service and uses params; then it exits.
 *
 * <p>By default everything is real ROS1 on the wire with no ROS installed: Pyros's embedded
 * master, the robot as one ROS node and Pyros as another, talking XML-RPC and TCPROS over
 * loopback. {@code --in-memory} runs the same on the in-memory system instead, {@code --ros2}
 * on two ROS 2 participants of Pyros's own DDS-RTPS (topics only, so far).
 * Arguments: {@code [--in-memory | --ros2] [number of poses to print]}.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    boolean inMemory = List.of(args).contains("--in-memory");
    boolean ros2 = List.of(args).contains("--ros2");
    int messages = List.of(args).stream().filter(a -> !a.startsWith("--")).findFirst().map(Integer::parseInt).orElse(10);
    // Logging set up on this thread before the actor system's threads log: otherwise SLF4J warns
    // that it replays the calls it took during its initialization.
    LoggerFactory.getILoggerFactory();
    ActorSystem<Void> actors = ActorSystem.create(Behaviors.empty(), "pyros-demo", ConfigFactory.load("demo"));
    try {
      if (inMemory) {
        runInMemory(actors, messages);
      } else if (ros2) {
        runOnRos2(actors, messages);
      } else {
        runOnEmbeddedMaster(actors, messages);
      }
    } finally {
      actors.terminate();
      actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void runOnEmbeddedMaster(ActorSystem<Void> actors, int messages) throws Exception {
    try (EmbeddedMaster master = EmbeddedMaster.start()) {
      say("Embedded ROS master at " + master.uri() + " (try: ROS_MASTER_URI=" + master.uri() + " rostopic list)");
      MessageTypes types = MessageTypes.fromEnvironment();
      RosSystem robotNode = RosSystem.start(actors, RosSettings.forMaster("robot_sim", master.uri()), types)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      RosSystem pyrosNode = RosSystem.start(actors, RosSettings.forMaster("pyros", master.uri()), types)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      // Closed in reverse order: Pyros first, then the robot it watches.
      try (robotNode; SimulatedRobot robot = SimulatedRobot.start(robotNode, Duration.ofMillis(100)); pyrosNode) {
        runOn(actors, pyrosNode, messages, "ROS1 nodes /robot_sim and /pyros on an embedded master", true);
      }
    }
  }

  /**
   * Two DDS participants of our own RTPS on loopback: the robot's and Pyros's, finding each
   * other by discovery as ROS 2 nodes do. ROS 2 services and params are not supported yet, so
   * the robot serves no step service and the client reads topics only.
   */
  private static void runOnRos2(ActorSystem<Void> actors, int messages) throws Exception {
    Ros2Settings settings = Ros2Settings.fromConfig(actors.settings().config());
    try (Ros2System robotNode = Ros2System.start(settings.withNodeName("/robot_sim"));
        SimulatedRobot robot = SimulatedRobot.start(robotNode, Duration.ofMillis(100));
        Ros2System pyrosNode = Ros2System.start(settings.withNodeName("/pyros"))) {
      say("ROS 2 domain " + settings.domainId() + " on loopback (try: ROS_DOMAIN_ID=" + settings.domainId()
          + " ros2 topic echo /robot/pose, with a loopback DDS configuration)");
      runOn(actors, pyrosNode, messages, "ROS 2 participants /robot_sim and /pyros (DDS-RTPS over loopback)", false);
    }
  }

  private static void runInMemory(ActorSystem<Void> actors, int messages) throws Exception {
    try (InMemorySystem graph = new InMemorySystem(); SimulatedRobot robot = SimulatedRobot.start(graph, Duration.ofMillis(100))) {
      runOn(actors, graph, messages, "the in-memory graph", true);
    }
  }

  /** Starts a Pyros node on {@code graph} (which the demo closes itself), runs the client, stops the node. */
  private static void runOn(ActorSystem<Void> actors, GraphSystem graph, int messages, String where, boolean servicesAndParams)
      throws Exception {
    try (PyrosRuntime pyros = PyrosRuntime.builder().actorSystem(actors).graph(graph).start()
        .toCompletableFuture().get(30, TimeUnit.SECONDS)) {
      run(pyros.client(), messages, where, servicesAndParams);
    }
  }

  static void run(PyrosClient client, int messages, String where, boolean servicesAndParams) throws Exception {
    say("Pyros demo on " + where + ": a simulated robot, one Pyros node, one client.");
    awaitGraph(client, servicesAndParams);
    say("Exposed topics: " + client.topics().toCompletableFuture().get(5, TimeUnit.SECONDS));
    say("Exposed services: " + client.services().toCompletableFuture().get(5, TimeUnit.SECONDS));

    CountDownLatch received = new CountDownLatch(messages);
    var subscription = client.subscribe("/robot/pose", pose -> {
      say("  /robot/pose " + MessageJson.toJsonString(pose));
      received.countDown();
    }).toCompletableFuture().get(5, TimeUnit.SECONDS);

    if (servicesAndParams) {
      serviceAndParams(client);
    }

    if (!received.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the demo did not receive " + messages + " poses in time");
    }
    subscription.cancel().toCompletableFuture().get(5, TimeUnit.SECONDS);
    say("Latest pose: " + client.latest("/robot/pose").toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow());
    say("Demo done: " + messages + " messages received.");
  }

  private static void serviceAndParams(PyrosClient client) throws Exception {
    Message step = client.call("/robot/step", StandardTypes.TRIGGER.request().defaultMessage())
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    say("Called /robot/step: " + step.getString("message"));

    client.setParam("/robot/config", Map.of("max_speed", 1.5, "name", "demo-bot")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    say("Param /robot/config = " + client.param("/robot/config").toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow());

    try {
      client.param("/secret").toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      say("Reading /secret is refused, as configured: " + e.getCause().getMessage());
    }
  }

  /**
   * The robot may start after the node is ready (ROS 2 discovery, too, takes a moment): wait
   * until its topic and typed service are there.
   */
  private static void awaitGraph(PyrosClient client, boolean withService) throws Exception {
    client.awaitTopic("/robot/pose", Duration.ofSeconds(15)).toCompletableFuture().get();
    if (withService) {
      client.awaitService("/robot/step", Duration.ofSeconds(15)).toCompletableFuture().get();
    }
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
