package org.pyros.ros2.rtps.endpoint;

import java.time.Duration;

/**
 * The tunables of a {@link StatefulReader}; every limit is per matched writer.
 *
 * @param maxSampleBytes the largest sample accepted: a DATA_FRAG claiming more is refused before
 *     anything is allocated
 * @param maxReassemblyBytes bytes of fragmented samples being reassembled at once
 * @param maxHeldSamples out-of-order samples (and GAP ranges) a reliable reader holds waiting for
 *     the missing ones
 * @param maxHeldBytes payload bytes those held samples may take
 * @param ackNackDelay how long a reliable reader waits before answering a HEARTBEAT (heartbeats
 *     arriving meanwhile share the answer); zero answers on the receive thread at once
 * @param maxDatagramBytes the largest datagram of ACKNACKs and NACK_FRAGs it builds
 */
public record ReaderSettings(int maxSampleBytes, long maxReassemblyBytes, int maxHeldSamples, long maxHeldBytes,
    Duration ackNackDelay, int maxDatagramBytes) {
  /** 32 MB samples, 64 MB in reassembly and 64 MB held per writer, ACKNACKs after 5 ms. */
  public static final ReaderSettings DEFAULT =
      new ReaderSettings(32 << 20, 64L << 20, 256, 64L << 20, Duration.ofMillis(5), 8192);

  public ReaderSettings {
    if (maxSampleBytes < 1 || maxReassemblyBytes < 1 || maxHeldSamples < 1 || maxHeldBytes < 1) {
      throw new IllegalArgumentException("reader limits must be positive");
    }
    if (ackNackDelay.isNegative()) {
      throw new IllegalArgumentException("ackNackDelay must not be negative: " + ackNackDelay);
    }
    if (maxDatagramBytes < 512 || maxDatagramBytes > 65_507) {
      throw new IllegalArgumentException("maxDatagramBytes must be 512..65507: " + maxDatagramBytes);
    }
  }

  public ReaderSettings withAckNackDelay(Duration delay) {
    return new ReaderSettings(maxSampleBytes, maxReassemblyBytes, maxHeldSamples, maxHeldBytes, delay, maxDatagramBytes);
  }

  public ReaderSettings withLimits(int maxSampleBytes, long maxReassemblyBytes, int maxHeldSamples, long maxHeldBytes) {
    return new ReaderSettings(maxSampleBytes, maxReassemblyBytes, maxHeldSamples, maxHeldBytes, ackNackDelay,
        maxDatagramBytes);
  }
}
