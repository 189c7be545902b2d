package org.pyros.core.msg;

import java.time.Duration;

/**
 * A ROS {@code duration}: signed seconds and nanoseconds.
 *
 * @param secs seconds (int32)
 * @param nsecs nanoseconds (int32)
 */
public record RosDuration(int secs, int nsecs) {
  public static final RosDuration ZERO = new RosDuration(0, 0);

  /** The duration of a {@link Duration}, which must fit in int32 seconds. */
  public static RosDuration of(Duration d) {
    return new RosDuration(Math.toIntExact(d.getSeconds()), d.getNano());
  }

  /** This duration as a {@link Duration}. */
  public Duration toDuration() {
    return Duration.ofSeconds(secs, nsecs);
  }
}
