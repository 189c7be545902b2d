package org.pyros.samples.demo;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageJson;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * The README's first command: a simulated robot, one Pyros node exposing it, and a client that
 * prints what it sees, calls a service and uses params. Runs on the in-memory system and exits.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    ActorSystem<Void> actors = ActorSystem.create(Behaviors.empty(), "pyros-demo", ConfigFactory.load("demo"));
    InMemorySystem graph = new InMemorySystem();
    try (SimulatedRobot robot = SimulatedRobot.start(graph, Duration.ofMillis(100))) {
      var node = actors.systemActorOf(PyrosNode.create(graph, NodeSettings.fromConfig(actors.settings().config())),
          "pyros-node", org.apache.pekko.actor.typed.Props.empty());
      PyrosClient client = ActorPyrosClient.create(actors, node);
      run(client, messages);
    } finally {
      actors.terminate();
      actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      graph.close();
    }
  }

  static void run(PyrosClient client, int messages) throws Exception {
    say("Pyros demo on the in-memory graph: a simulated robot, one Pyros node, one client.");
    List<TopicInfo> topics = awaitTopics(client);
    say("Exposed topics: " + topics);
    say("Exposed services: " + client.services().toCompletableFuture().get(5, TimeUnit.SECONDS));

    CountDownLatch received = new CountDownLatch(messages);
    var subscription = client.subscribe("/robot/pose", pose -> {
      say("  /robot/pose " + MessageJson.toJsonString(pose));
      received.countDown();
    }).toCompletableFuture().get(5, TimeUnit.SECONDS);

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

    if (!received.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the demo did not receive " + messages + " poses in time");
    }
    subscription.cancel().toCompletableFuture().get(5, TimeUnit.SECONDS);
    say("Latest pose: " + client.latest("/robot/pose").toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow());
    say("Demo done: " + messages + " messages received.");
  }

  /** The node learns the graph asynchronously; wait until the robot's topic is there. */
  private static List<TopicInfo> awaitTopics(PyrosClient client) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<TopicInfo> topics = client.topics().toCompletableFuture().get(5, TimeUnit.SECONDS);
      if (!topics.isEmpty() || System.nanoTime() > deadline) {
        return topics;
      }
      Thread.onSpinWait();
    }
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
