package org.pyros.ros2.rtps.wire;

import java.time.Instant;

/**
 * RTPS time: seconds and a binary fraction of a second (2^-32 s), as INFO_TS carries it.
 */
public record Timestamp(int seconds, int fraction) {
  public static final Timestamp INVALID = new Timestamp(-1, -1);

  public static Timestamp of(Instant instant) {
    long frac = ((long) instant.getNano() << 32) / 1_000_000_000L;
    return new Timestamp((int) instant.getEpochSecond(), (int) frac);
  }

  public static Timestamp now() {
    return of(Instant.now());
  }

  /** Nanoseconds in the second. */
  public int nanos() {
    return (int) (((fraction & 0xffffffffL) * 1_000_000_000L) >>> 32);
  }

  public Instant toInstant() {
    return Instant.ofEpochSecond(seconds & 0xffffffffL, nanos());
  }
}
