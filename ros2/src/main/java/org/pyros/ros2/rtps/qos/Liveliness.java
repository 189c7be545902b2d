package org.pyros.ros2.rtps.qos;

import java.time.Duration;

/** LIVELINESS QoS: who asserts liveliness and how often at least ({@link Qos#INFINITE}: never required). */
public record Liveliness(Kind kind, Duration leaseDuration) {
  public enum Kind { AUTOMATIC, MANUAL_BY_PARTICIPANT, MANUAL_BY_TOPIC }

  public static final Liveliness AUTOMATIC_INFINITE = new Liveliness(Kind.AUTOMATIC, Qos.INFINITE);
}
