package org.pyros.bridge;

/**
 * One topic the bridge forwards, or tried to.
 *
 * @param direction which way
 * @param topic the topic's name (the same on both sides)
 * @param sourceType the type on the side it comes from
 * @param state where it is
 * @param error why it failed ({@link State#FAILED}), or why the last message was dropped, else ""
 * @param forwarded messages forwarded so far
 * @param dropped messages that could not be translated or published
 * @param echoes our own publications that came back on a topic forwarded both ways, not forwarded again
 */
public record TopicStatus(Direction direction, String topic, String sourceType, State state, String error, long forwarded,
    long dropped, long echoes) {

  /** A forwarded topic's state. */
  public enum State {
    /** Types are being resolved, the publisher and subscription made. */
    STARTING,
    /** Messages flow. */
    FORWARDING,
    /** The type is missing or cannot be mapped: the topic is left alone until its type changes or it comes again. */
    FAILED
  }
}
