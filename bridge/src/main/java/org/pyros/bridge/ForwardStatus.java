package org.pyros.bridge;

/**
 * One topic or service the bridge forwards, or tried to.
 *
 * @param kind a topic or a service
 * @param direction which way (a service: from the side of its server to the other)
 * @param name the topic's or service's name (the same on both sides)
 * @param sourceType the type on the side it comes from
 * @param state where it is
 * @param error why it failed ({@link State#FAILED}), or why the last message or call was dropped, else ""
 * @param forwarded messages forwarded (a service: calls answered) so far
 * @param dropped messages (calls) that could not be translated, published or answered
 * @param echoes our own publications that came back on a topic forwarded both ways, not forwarded again
 */
public record ForwardStatus(Kind kind, Direction direction, String name, String sourceType, State state, String error,
    long forwarded, long dropped, long echoes) {

  /** What is forwarded. */
  public enum Kind {
    TOPIC,
    SERVICE
  }

  /** A forwarding's state. */
  public enum State {
    /** Types are being resolved, the publisher and subscription (the server) made. */
    STARTING,
    /** Messages (calls) flow. */
    FORWARDING,
    /** The type is missing or cannot be mapped: left alone until its type changes or it comes again. */
    FAILED
  }
}
