package org.pyros.gateway.rosbridge;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ws.Message;

/**
 * The frames waiting to be sent on one connection, in lanes: one per subscription (each with its
 * own length, the oldest dropped beyond it, as rosbridge's queue_length) and one for everything
 * else. The bytes waiting over all lanes are bounded: past the bound the client is not reading
 * and the outbox is cut off, which ends the connection. Thread-safe: subscriptions offer from
 * their own threads, the connection's sending stage takes.
 */
public final class Outbox {
  /** The lane of replies and status messages, never dropped from (only bounded by bytes). */
  public static final String CONTROL = "";

  private record Entry(Message frame, long bytes) {}

  private final long maxBytes;
  private final Runnable onDrop;
  private final Runnable onCutOff;
  private final Map<String, ArrayDeque<Entry>> lanes = new HashMap<>();
  // One ticket per waiting frame, in order of arrival: which lane to take from next.
  private final ArrayDeque<String> order = new ArrayDeque<>();
  private long bytes;
  private long dropped;
  private String cutOff;
  private Runnable onAvailable = () -> {};

  public Outbox(long maxBytes) {
    this(maxBytes, () -> { }, () -> { });
  }

  /**
   * An outbox that runs {@code onDrop} for every frame a full lane drops and {@code onCutOff} when
   * it cuts off a client that does not read: too many bytes wait, or nothing was taken for too
   * long (quick, thread-safe: they run under the outbox's lock).
   */
  public Outbox(long maxBytes, Runnable onDrop, Runnable onCutOff) {
    this.maxBytes = maxBytes;
    this.onDrop = onDrop;
    this.onCutOff = onCutOff;
  }

  /** Called (outside the lock) whenever a frame arrives or the outbox is cut off. */
  synchronized void onAvailable(Runnable listener) {
    this.onAvailable = listener;
  }

  /**
   * Queues a frame on {@code lane}, which keeps at most {@code laneLimit} frames (the oldest
   * dropped). False when the outbox is cut off (now or before).
   */
  public boolean offer(String lane, Message frame, long frameBytes, int laneLimit) {
    Runnable wake;
    synchronized (this) {
      if (cutOff != null) {
        return false;
      }
      ArrayDeque<Entry> queue = lanes.computeIfAbsent(lane, l -> new ArrayDeque<>());
      if (queue.size() >= laneLimit) {
        bytes -= queue.removeFirst().bytes();
        dropped++;
        onDrop.run();
      } else {
        order.addLast(lane);
      }
      queue.addLast(new Entry(frame, frameBytes));
      bytes += frameBytes;
      if (bytes > maxBytes) {
        cutOff = bytes + " bytes waiting for a client that does not read (limit " + maxBytes + ")";
        clear();
        onCutOff.run();
      }
      wake = onAvailable;
    }
    wake.run();
    return true;
  }

  /** The next frame to send, or null when none waits. */
  synchronized Message poll() {
    String lane = order.pollFirst();
    if (lane == null) {
      return null;
    }
    ArrayDeque<Entry> queue = lanes.get(lane);
    Entry e = queue.removeFirst();
    if (queue.isEmpty()) {
      lanes.remove(lane);
    }
    bytes -= e.bytes();
    return e.frame();
  }

  synchronized boolean isEmpty() {
    return order.isEmpty();
  }

  /** Why the outbox was cut off, or null while it is open. */
  synchronized String cutOffReason() {
    return cutOff;
  }

  /** Frames dropped so far because their lane was full. */
  synchronized long dropped() {
    return dropped;
  }

  /** Drops what waits and refuses every later frame: the connection is ending. */
  public void cut(String reason) {
    cut(reason, false);
  }

  /** As {@link #cut(String)}, because the client stopped taking what waits for it (counted as a cut-off). */
  void cutSlowClient(String reason) {
    cut(reason, true);
  }

  private void cut(String reason, boolean slowClient) {
    Runnable wake;
    synchronized (this) {
      if (cutOff != null) {
        return;
      }
      cutOff = reason;
      clear();
      if (slowClient) {
        onCutOff.run();
      }
      wake = onAvailable;
    }
    wake.run();
  }

  private void clear() {
    lanes.clear();
    order.clear();
    bytes = 0;
  }
}
