package org.pyros.ros2.rtps.endpoint;

/**
 * Receives the samples a reader delivers, one call at a time and in order per writer. Runs on a
 * receive thread: it must not block (hand the sample to a bounded queue).
 */
@FunctionalInterface
public interface SampleListener {
  /** {@code sample} is immutable and its own: it may be kept after the call. */
  void onSample(Sample sample);
}
