package org.pyros.ros2.rtps.endpoint;

/**
 * Receives the samples a reader delivers, one call at a time and in order per writer. Runs on a
 * receive thread: it must not block (hand the sample to a bounded queue).
 */
@FunctionalInterface
public interface SampleListener {
  /** {@code sample}'s buffers are valid during the call only: copy what you keep. */
  void onSample(Sample sample);
}
