package org.pyros.ros2.rtps.endpoint;

import java.time.Duration;

/**
 * The tunables of a {@link StatefulWriter}.
 *
 * @param heartbeatPeriod how often a reliable writer announces its history to readers that have
 *     not acknowledged all of it
 * @param maxDatagramBytes the largest datagram it builds (RTPS header included)
 * @param fragmentSize payload bytes per fragment: a sample larger than this goes as DATA_FRAG,
 *     as many whole fragments per submessage as a datagram holds
 * @param maxSamples the most samples the history keeps whatever the QoS: the resource limit of
 *     KEEP_ALL, and a cap on KEEP_LAST depths
 * @param maxHistoryBytes the most payload bytes the history keeps
 * @param resendBudgetBytes payload bytes resent per ACKNACK or NACK_FRAG on the receive thread;
 *     the rest of a request goes out on the next timer tick, so a large request never holds a
 *     receive thread for long
 */
public record WriterSettings(Duration heartbeatPeriod, int maxDatagramBytes, int fragmentSize, int maxSamples,
    long maxHistoryBytes, long resendBudgetBytes) {
  /** Room in a datagram for everything but fragment bytes: headers, INFO_DST, INFO_TS, inline QoS, a HEARTBEAT. */
  static final int FRAGMENT_OVERHEAD = 512;
  /** The RTPS limit: DATA_FRAG's fragmentSize is an unsigned short. */
  static final int MAX_FRAGMENT_SIZE = 0xffff;

  /**
   * Loopback defaults: a fragment of 62000 bytes, one per datagram of at most 64000 bytes (Cyclone
   * and Fast DDS both take datagrams that large), heartbeats every 100 ms.
   */
  public static final WriterSettings DEFAULT =
      new WriterSettings(Duration.ofMillis(100), 64_000, 62_000, 10_000, 256L << 20, 8L << 20);

  public WriterSettings {
    if (heartbeatPeriod.isNegative() || heartbeatPeriod.isZero()) {
      throw new IllegalArgumentException("heartbeatPeriod must be positive: " + heartbeatPeriod);
    }
    if (fragmentSize < 1 || fragmentSize > MAX_FRAGMENT_SIZE) {
      throw new IllegalArgumentException("fragmentSize must be 1.." + MAX_FRAGMENT_SIZE + ": " + fragmentSize);
    }
    if (maxDatagramBytes < fragmentSize + FRAGMENT_OVERHEAD || maxDatagramBytes > 65_507) {
      throw new IllegalArgumentException("maxDatagramBytes must be fragmentSize + " + FRAGMENT_OVERHEAD
          + " .. 65507: " + maxDatagramBytes);
    }
    if (maxSamples < 1 || maxHistoryBytes < 1 || resendBudgetBytes < 1) {
      throw new IllegalArgumentException("maxSamples, maxHistoryBytes and resendBudgetBytes must be positive");
    }
  }

  public WriterSettings withFragmentSize(int fragmentSize, int maxDatagramBytes) {
    return new WriterSettings(heartbeatPeriod, maxDatagramBytes, fragmentSize, maxSamples, maxHistoryBytes,
        resendBudgetBytes);
  }

  public WriterSettings withHeartbeatPeriod(Duration period) {
    return new WriterSettings(period, maxDatagramBytes, fragmentSize, maxSamples, maxHistoryBytes, resendBudgetBytes);
  }

  public WriterSettings withLimits(int maxSamples, long maxHistoryBytes) {
    return new WriterSettings(heartbeatPeriod, maxDatagramBytes, fragmentSize, maxSamples, maxHistoryBytes,
        resendBudgetBytes);
  }
}
