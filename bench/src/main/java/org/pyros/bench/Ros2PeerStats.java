package org.pyros.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a {@link Ros2Peer} subscriber counts, and its {@code report} line in the format of the C
 * peers' ({@code peer_print_report}): rate from the first to the last sample received.
 */
final class Ros2PeerStats {
  private static final int MAX_LATENCIES = 8 << 20;

  private final boolean report;
  private long count;
  private long bytes;
  private long firstNs;
  private long lastNs;
  private long lastIndex = -1;
  private long bad;
  private long order;
  private long[] lat = new long[4096];
  private int nLat;

  Ros2PeerStats(boolean report) {
    this.report = report;
  }

  /** Counts a sample received at {@code nowNs}; the count so far. */
  synchronized long add(long index, long stampNs, long payloadBytes, long nowNs) {
    if (count == 0) {
      firstNs = nowNs;
    }
    lastNs = nowNs;
    count++;
    bytes += payloadBytes;
    if (index >= 0) {
      if (lastIndex >= 0 && index <= lastIndex) {
        order++;
        Ros2Peer.say("ORDER " + lastIndex + " " + index);
      }
      lastIndex = index;
    }
    if (report && stampNs >= 0) {
      if (nLat == lat.length && lat.length < MAX_LATENCIES) {
        lat = Arrays.copyOf(lat, lat.length * 2);
      }
      if (nLat < lat.length) {
        lat[nLat++] = nowNs - stampNs;
      }
    }
    return count;
  }

  synchronized void bad(String why) {
    bad++;
    if (bad <= 10) {
      Ros2Peer.say("BAD " + why);
    }
  }

  synchronized long count() {
    return count;
  }

  synchronized long badCount() {
    return bad;
  }

  synchronized long orderErrors() {
    return order;
  }

  synchronized String report() {
    double secs = count > 1 ? (lastNs - firstNs) / 1e9 : 0;
    double rate = secs > 0 ? (count - 1) / secs : 0;
    double mbps = secs > 0 && count > 1 ? bytes * ((double) (count - 1) / count) / secs / 1e6 : 0;
    long[] sorted = Arrays.copyOf(lat, nLat);
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "report count=%d bytes=%d seconds=%.6f msgs_per_s=%.1f mbytes_per_s=%.3f "
            + "lat_samples=%d lat_p50_us=%.1f lat_p90_us=%.1f lat_p99_us=%.1f lat_max_us=%.1f bad=%d order=%d",
        count, bytes, secs, rate, mbps, nLat, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
        nLat > 0 ? sorted[nLat - 1] / 1000.0 : -1.0, bad, order);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int k = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(1, k) - 1] / 1000.0;
  }
}
