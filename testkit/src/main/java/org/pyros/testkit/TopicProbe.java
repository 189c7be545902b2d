package org.pyros.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.pyros.core.msg.Message;
import org.pyros.core.system.Registration;

/**
 * Records what is published on one topic, as another node of the graph sees it, and asserts on
 * it. {@link #expectMessage} consumes messages in order; {@link #received()} keeps the history.
 * Both are bounded (see {@link PyrosTestKit.Builder#probeCapacity}): the oldest are dropped.
 *
 * <p>Failed expectations throw {@link AssertionError}, so they fail a JUnit test.
 */
public final class TopicProbe implements AutoCloseable {
  private final String topic;
  private final String type;
  private final MessageLog log;
  private volatile Registration registration = () -> {};

  TopicProbe(String topic, String type, int capacity) {
    this.topic = topic;
    this.type = type;
    this.log = new MessageLog("topic " + topic, capacity);
  }

  void attach(Registration registration) {
    this.registration = registration;
  }

  void offer(Message message) {
    log.add(message);
  }

  /** The topic's name. */
  public String topic() {
    return topic;
  }

  /** The topic's message type name, e.g. {@code geometry_msgs/Twist}. */
  public String type() {
    return type;
  }

  /** The next message not yet consumed; fails when none arrives within {@code timeout}. */
  public Message expectMessage(Duration timeout) {
    return log.expect(m -> true, timeout, "a message");
  }

  /**
   * The next message that matches, consuming (skipping) the ones before it; fails when none
   * matches within {@code timeout}. For streams that converge, e.g. a controller's commands.
   */
  public Message expectMessage(Predicate<Message> matching, Duration timeout) {
    return log.expect(matching, timeout, "a matching message");
  }

  /** Fails if a message not yet consumed is there or arrives within {@code within}. */
  public void expectNoMessage(Duration within) {
    log.expectNone(within, "message");
  }

  /** Every message recorded so far (the last {@code capacity}), consumed or not, oldest first. */
  public List<Message> received() {
    return log.history();
  }

  /** Forgets the messages not yet consumed, so the next expectation sees only later ones. */
  public void skipPending() {
    log.skipPending();
  }

  /** Stops recording. */
  @Override
  public void close() {
    registration.cancel();
  }
}
