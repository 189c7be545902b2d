package org.pyros.bench;

import java.util.Arrays;

/** A bounded set of long samples (e.g. microseconds) with percentiles. */
final class Samples {
  private final long[] values;
  private int count;

  Samples(int capacity) {
    values = new long[capacity];
  }

  synchronized void add(long v) {
    if (count < values.length) {
      values[count++] = v;
    }
  }

  synchronized int count() {
    return count;
  }

  /** The p-th percentile (0..100), nearest rank; -1 when empty. */
  synchronized long percentile(double p) {
    if (count == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count);
    return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
  }
}
