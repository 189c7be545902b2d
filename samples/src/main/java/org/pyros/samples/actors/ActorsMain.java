package org.pyros.samples.actors;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.samples.LocalPyros;
import org.pyros.samples.demo.SimulatedRobot;

/**
 * Application actors talking to the Pyros node directly: a statistic of the simulated robot's
 * heading ({@code /robot/pose}) and a stepper calling {@code /robot/step}. Runs {@code [steps]}
 * steps (default 3), then prints the statistic.
 */
public final class ActorsMain {
  private ActorsMain() {}

  @SuppressWarnings("try") // the simulated robot only needs to run until the end
  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Exposure robot = new Exposure(NameFilter.allowing("/robot/**"), NameFilter.allowing("/robot/*"), NameFilter.NONE);
    Duration wait = Duration.ofSeconds(5);
    try (LocalPyros pyros = LocalPyros.start("pyros-actors", robot);
        SimulatedRobot sim = SimulatedRobot.start(pyros.graph(), Duration.ofMillis(50))) {
      ActorRef<TopicStatistics.Command> heading = pyros.actors().systemActorOf(
          TopicStatistics.create(pyros.node(), "/robot/pose", pose -> pose.getDouble("theta"), Duration.ofMillis(100)),
          "heading-statistics", Props.empty());
      ActorRef<RobotStepper.Command> stepper = pyros.actors().systemActorOf(
          RobotStepper.create(pyros.node(), "/robot/step", Duration.ofSeconds(2)), "stepper", Props.empty());
      pyros.awaitService("/robot/step", wait);

      for (int i = 0; i < steps; i++) {
        RobotStepper.Outcome outcome = AskPattern.<RobotStepper.Command, RobotStepper.Outcome>ask(
            stepper, RobotStepper.Step::new, wait, pyros.actors().scheduler()).toCompletableFuture().get();
        System.out.println("Step " + (i + 1) + ": " + outcome);
      }
      TopicStatistics.Stats stats;
      do {
        stats = AskPattern.<TopicStatistics.Command, TopicStatistics.Stats>ask(
            heading, TopicStatistics.GetStats::new, wait, pyros.actors().scheduler()).toCompletableFuture().get();
        Thread.sleep(100); // a sample's pace: let some poses arrive between reports
      } while (stats.count() < 10);
      System.out.printf("Heading over %d poses: mean %.3f, min %.3f, max %.3f rad%n", stats.count(), stats.mean(), stats.min(), stats.max());
    }
  }
}
