package org.pyros.core.msg;

import java.time.Instant;

/**
 * A ROS {@code time}: unsigned seconds and nanoseconds since the Unix epoch.
 *
 * @param secs seconds, 0 to 2^32-1
 * @param nsecs nanoseconds, 0 to 2^32-1 (normally below 1e9)
 */
public record RosTime(long secs, long nsecs) {
  public static final RosTime ZERO = new RosTime(0, 0);

  public RosTime {
    if (secs < 0 || secs > 0xFFFF_FFFFL || nsecs < 0 || nsecs > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("time out of uint32 range: " + secs + "." + nsecs);
    }
  }

  /** The time of an {@link Instant}. */
  public static RosTime of(Instant instant) {
    return new RosTime(instant.getEpochSecond(), instant.getNano());
  }

  /** The current wall-clock time. */
  public static RosTime now() {
    return of(Instant.now());
  }

  /** This time as an {@link Instant}. */
  public Instant toInstant() {
    return Instant.ofEpochSecond(secs, nsecs);
  }
}
