package org.pyros.ros.tcpros;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.util.ByteString;

/**
 * One subscriber's outgoing frames: a bounded queue with ROS queue_size semantics (when full the
 * oldest frame is dropped) drained by the subscriber's writer thread. Offering never blocks and
 * never waits for the network; the writer takes every queued frame (up to {@code maxBatchBytes})
 * for one gathering write, so a fast publisher costs one socket write per batch rather than per
 * message.
 */
final class SubscriberQueue {
  private final int capacity;
  private final int maxBatchBytes;
  private final ArrayDeque<ByteString> frames;
  private final Runnable onDrop;
  private boolean closed;
  private long dropped;

  /** {@code onDrop} runs (quick, under the queue's lock) for every frame dropped. */
  SubscriberQueue(int capacity, int maxBatchBytes, Runnable onDrop) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.maxBatchBytes = maxBatchBytes;
    this.onDrop = onDrop;
    this.frames = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /** Adds a frame, dropping the oldest when full. Never blocks. */
  synchronized void offer(ByteString frame) {
    if (closed) {
      return;
    }
    if (frames.size() == capacity) {
      frames.pollFirst();
      dropped++;
      onDrop.run();
    }
    frames.addLast(frame);
    notifyAll();
  }

  synchronized long dropped() {
    return dropped;
  }

  synchronized int size() {
    return frames.size();
  }

  /**
   * The frames queued now (at least one, at most {@code maxBatchBytes} unless one frame is
   * larger), waiting up to {@code timeoutMillis} for one; empty when none came or the queue closed.
   */
  synchronized List<ByteString> take(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (frames.isEmpty() && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return List.of();
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    List<ByteString> batch = new ArrayList<>();
    long bytes = 0;
    while (!frames.isEmpty() && (batch.isEmpty() || bytes + frames.peekFirst().size() <= maxBatchBytes)) {
      ByteString f = frames.pollFirst();
      bytes += f.size();
      batch.add(f);
    }
    return batch;
  }

  synchronized void close() {
    closed = true;
    frames.clear();
    notifyAll();
  }
}
