package org.pyros.samples.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.PyrosTestKitExtension;
import org.pyros.testkit.ScriptedPublisher;
import org.pyros.testkit.ScriptedService;

class ApplicationActorsTest {
  static final Exposure ROBOT = new Exposure(NameFilter.allowing("/robot/**"), NameFilter.allowing("/robot/*"), NameFilter.NONE);

  @RegisterExtension
  final PyrosTestKitExtension pyros = PyrosTestKitExtension.inMemory(ROBOT);

  static final Duration WAIT = Duration.ofSeconds(3);

  static Message pose(double theta) {
    return Message.builder(StandardTypes.POSE2D).set("theta", theta).build();
  }

  @Test
  void theStatisticCoversEveryPoseAndAnswersQueries() {
    PyrosTestKit kit = pyros.kit();
    ScriptedPublisher poses = kit.graph().publishing("/robot/pose", StandardTypes.POSE2D,
        List.of(pose(1.0), pose(2.0), pose(3.0), pose(6.0)));
    ActorRef<TopicStatistics.Command> stats = kit.actorTestKit().spawn(
        TopicStatistics.create(kit.node(), "/robot/pose", m -> m.getDouble("theta"), Duration.ofMillis(20)));
    TestProbe<TopicStatistics.Stats> answers = kit.actorTestKit().createTestProbe();
    answers.awaitAssert(WAIT, () -> {
      stats.tell(new TopicStatistics.GetStats(answers.ref()));
      assertTrue(answers.receiveMessage(WAIT).subscribed());
      return null;
    });

    poses.every(Duration.ofMillis(5));
    poses.awaitFinished(WAIT);

    TopicStatistics.Stats s = answers.awaitAssert(WAIT, () -> {
      stats.tell(new TopicStatistics.GetStats(answers.ref()));
      TopicStatistics.Stats got = answers.receiveMessage(WAIT);
      assertEquals(4, got.count());
      return got;
    });
    assertEquals(3.0, s.mean(), 1e-12); // (1 + 2 + 3 + 6) / 4
    assertEquals(1.0, s.min());
    assertEquals(6.0, s.max());
  }

  @Test
  void theStatisticWaitsForATopicThatIsNotThereYet() {
    PyrosTestKit kit = pyros.kit();
    ActorRef<TopicStatistics.Command> stats = kit.actorTestKit().spawn(
        TopicStatistics.create(kit.node(), "/robot/late", m -> m.getDouble("data"), Duration.ofMillis(20)));
    TestProbe<TopicStatistics.Stats> answers = kit.actorTestKit().createTestProbe();
    stats.tell(new TopicStatistics.GetStats(answers.ref()));
    TopicStatistics.Stats before = answers.receiveMessage(WAIT);
    assertEquals(0, before.count());
    assertTrue(Double.isNaN(before.mean()));

    kit.graph().publishing("/robot/late", StandardTypes.FLOAT64, () -> Message.builder(StandardTypes.FLOAT64).set("data", 2.5).build())
        .every(Duration.ofMillis(10));

    TopicStatistics.Stats after = answers.awaitAssert(WAIT, () -> {
      stats.tell(new TopicStatistics.GetStats(answers.ref()));
      TopicStatistics.Stats got = answers.receiveMessage(WAIT);
      assertTrue(got.count() >= 3, got::toString);
      return got;
    });
    assertEquals(2.5, after.mean());
  }

  @Test
  void theStepperCallsTheServiceAndReportsItsAnswer() {
    PyrosTestKit kit = pyros.kit();
    ScriptedService step = kit.graph().serving("/robot/step", StandardTypes.TRIGGER,
        req -> Message.builder(StandardTypes.TRIGGER.response()).set("success", true).set("message", "moved").build());
    ActorRef<RobotStepper.Command> stepper = kit.actorTestKit().spawn(RobotStepper.create(kit.node(), "/robot/step", Duration.ofSeconds(1)));
    TestProbe<RobotStepper.Outcome> outcomes = kit.actorTestKit().createTestProbe();

    stepper.tell(new RobotStepper.Step(outcomes.ref()));
    stepper.tell(new RobotStepper.Step(outcomes.ref()));

    outcomes.expectMessage(WAIT, new RobotStepper.Stepped(true, "moved"));
    outcomes.expectMessage(WAIT, new RobotStepper.Stepped(true, "moved"));
    step.expectCall(WAIT);
    step.expectCall(WAIT);
    step.expectNoCall(Duration.ofMillis(50));
  }

  @Test
  void theStepperReportsFailuresWithTheirCode() {
    PyrosTestKit kit = pyros.kit();
    kit.graph().serving("/robot/jammed", StandardTypes.TRIGGER, req -> {
      throw new IllegalStateException("wheel jammed");
    });
    TestProbe<RobotStepper.Outcome> outcomes = kit.actorTestKit().createTestProbe();

    kit.actorTestKit().spawn(RobotStepper.create(kit.node(), "/robot/jammed", Duration.ofSeconds(1)))
        .tell(new RobotStepper.Step(outcomes.ref()));
    RobotStepper.StepFailed jammed = (RobotStepper.StepFailed) outcomes.receiveMessage(WAIT);
    assertEquals(ErrorCode.SERVICE_FAILED, jammed.code());
    assertTrue(jammed.why().contains("wheel jammed"), jammed.why());

    kit.actorTestKit().spawn(RobotStepper.create(kit.node(), "/arm/step", Duration.ofSeconds(1)))
        .tell(new RobotStepper.Step(outcomes.ref()));
    assertEquals(ErrorCode.NOT_EXPOSED, ((RobotStepper.StepFailed) outcomes.receiveMessage(WAIT)).code());
  }
}
