package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * DDS Duration_t on the wire: int32 seconds then uint32 fraction of a second (2^-32 s), in the
 * enclosing byte order. Infinite is seconds 0x7fffffff, fraction 0xffffffff; it maps to
 * {@link #INFINITE}.
 */
public final class WireDuration {
  /** Matches {@code org.pyros.ros2.rtps.qos.Qos.INFINITE}. */
  public static final Duration INFINITE = Duration.ofSeconds(Integer.MAX_VALUE, 999_999_999);
  public static final int LENGTH = 8;

  private WireDuration() {}

  /**
   * Reads a Duration_t.
   *
   * @throws RtpsFormatException for a negative duration (DDS has none)
   */
  public static Duration read(ByteBuffer in) {
    int seconds = in.getInt();
    int fraction = in.getInt();
    if (seconds == Integer.MAX_VALUE) {
      // Implementations disagree on the fraction of "infinite"; the seconds alone say it.
      return INFINITE;
    }
    if (seconds < 0) {
      throw new RtpsFormatException("negative duration: " + seconds + " s");
    }
    long nanos = ((fraction & 0xffffffffL) * 1_000_000_000L) >>> 32;
    return Duration.ofSeconds(seconds, nanos);
  }

  /** Writes a Duration_t; durations of {@code Integer.MAX_VALUE} seconds or more are written as infinite. */
  public static void write(ByteBuffer out, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + d);
    }
    if (d.getSeconds() >= Integer.MAX_VALUE) {
      out.putInt(Integer.MAX_VALUE).putInt(-1);
      return;
    }
    // Rounded up, so that reading it back gives the same nanoseconds.
    long fraction = ((long) d.getNano() << 32) / 1_000_000_000L;
    if ((fraction * 1_000_000_000L) >>> 32 < d.getNano()) {
      fraction++;
    }
    out.putInt((int) d.getSeconds()).putInt((int) fraction);
  }
}
