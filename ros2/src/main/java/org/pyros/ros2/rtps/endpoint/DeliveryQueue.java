package org.pyros.ros2.rtps.endpoint;

import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;

/**
 * Hands samples to a {@link SampleListener} outside the reader's lock and in the order the reader
 * released them, whichever receive thread released them: the thread that finds the queue idle
 * drains it, the others only append. The queue holds what was released and not yet delivered,
 * bounded by what the reader releases at once (its held samples) times the receive threads.
 */
final class DeliveryQueue {
  private final SampleListener listener;
  private final Logger log;
  private final ArrayDeque<Sample> queue = new ArrayDeque<>();
  private boolean draining;

  DeliveryQueue(SampleListener listener, Logger log) {
    this.listener = listener;
    this.log = log;
  }

  /** Appends under the reader's lock (keeps the release order). */
  synchronized void append(List<Sample> samples) {
    queue.addAll(samples);
  }

  /** Delivers what is queued unless another thread is at it; call without the reader's lock. */
  void drain() {
    synchronized (this) {
      if (draining) {
        return; // that thread delivers what we appended, after its own
      }
      draining = true;
    }
    boolean done = false;
    try {
      while (true) {
        Sample next;
        synchronized (this) {
          next = queue.poll();
          if (next == null) {
            draining = false;
            done = true;
            return;
          }
        }
        try {
          listener.onSample(next);
        } catch (RuntimeException e) {
          log.warn("sample listener failed on sample {} of {}", next.sequenceNumber(), next.writer(), e);
        }
      }
    } finally {
      if (!done) {
        synchronized (this) {
          draining = false;
        }
      }
    }
  }
}
