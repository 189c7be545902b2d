package org.pyros.samples.actors;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;

/**
 * An application actor that calls a {@code std_srvs/Trigger} service through the Pyros node
 * with {@code context.ask}, and reports the outcome to whoever asked for a {@link Step}.
 */
public final class RobotStepper {
  private RobotStepper() {}

  public sealed interface Command {}

  /** Calls the service once. */
  public record Step(ActorRef<Outcome> replyTo) implements Command {}

  /** What a step came to. */
  public sealed interface Outcome {}

  /** The service answered; {@code success} and {@code message} are its response. */
  public record Stepped(boolean success, String message) implements Outcome {}

  /** The call failed: not exposed, not there, timed out, or the service reported an error. */
  public record StepFailed(ErrorCode code, String why) implements Outcome {}

  private record Answered(Reply<Message> reply, Throwable failure, ActorRef<Outcome> replyTo) implements Command {}

  /** Steps with {@code service} at {@code node}; a call not answered within {@code timeout} fails. */
  public static Behavior<Command> create(ActorRef<PyrosNode.Command> node, String service, Duration timeout) {
    @SuppressWarnings("unchecked")
    Class<Reply<Message>> replyClass = (Class<Reply<Message>>) (Class<?>) Reply.class;
    Message trigger = StandardTypes.TRIGGER.request().defaultMessage();
    return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
        .onMessage(Step.class, step -> {
          // The node enforces the service timeout; the ask waits a little longer for its answer.
          ctx.ask(replyClass, node, timeout.plusSeconds(1),
              replyTo -> new PyrosNode.CallService(service, trigger, timeout, replyTo),
              (reply, failure) -> new Answered(reply, failure, step.replyTo()));
          return Behaviors.same();
        })
        .onMessage(Answered.class, a -> {
          a.replyTo().tell(outcome(a));
          return Behaviors.same();
        })
        .build());
  }

  private static Outcome outcome(Answered a) {
    if (a.failure() != null) {
      PyrosException e = PyrosException.of(a.failure(), ErrorCode.UNAVAILABLE);
      return new StepFailed(e.code(), e.getMessage());
    }
    if (a.reply() instanceof Reply.Failed<Message> f) {
      return new StepFailed(f.code(), f.message());
    }
    Message response = a.reply().getOrThrow();
    return new Stepped(response.getBool("success"), response.getString("message"));
  }
}
