package org.pyros.core.system;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, ordered hand-off to one consumer: {@link #offer} never blocks, and when the
 * consumer is {@code capacity} items behind, the oldest item is dropped (ROS queue_size). Items
 * are delivered one at a time, in order, on the executor. Backends use it to hand messages to
 * subscribers without letting a slow one grow the heap or hold up the others.
 */
public final class BoundedDelivery<T> {
  private static final Logger log = LoggerFactory.getLogger(BoundedDelivery.class);

  private final ArrayDeque<T> items = new ArrayDeque<>();
  private final int capacity;
  private final Executor executor;
  private final Consumer<T> consumer;
  private final Runnable onDrop;
  private boolean draining;
  private boolean closed;
  private long dropped;

  public BoundedDelivery(int capacity, Executor executor, Consumer<T> consumer) {
    this(capacity, executor, consumer, () -> {});
  }

  /** A delivery that also runs {@code onDrop} (quick, thread-safe: a metrics counter) for each item dropped. */
  public BoundedDelivery(int capacity, Executor executor, Consumer<T> consumer, Runnable onDrop) {
    this.capacity = capacity;
    this.executor = executor;
    this.consumer = consumer;
    this.onDrop = onDrop;
  }

  /** Queues an item for the consumer; drops the oldest queued item when full. Never blocks. */
  public void offer(T item) {
    boolean start;
    boolean drop;
    synchronized (this) {
      if (closed) {
        return;
      }
      drop = items.size() == capacity;
      if (drop) {
        items.pollFirst();
        dropped++;
      }
      items.addLast(item);
      start = !draining;
      draining = true;
    }
    if (drop) {
      onDrop.run();
    }
    if (start) {
      executor.execute(this::drain);
    }
  }

  /** Drops what is queued and accepts nothing more. */
  public void close() {
    synchronized (this) {
      closed = true;
      items.clear();
    }
  }

  /** Items dropped so far because the consumer fell behind. */
  public synchronized long dropped() {
    return dropped;
  }

  private void drain() {
    while (true) {
      T next;
      synchronized (this) {
        next = closed ? null : items.pollFirst();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        consumer.accept(next);
      } catch (RuntimeException e) {
        log.warn("A subscriber callback failed; the subscription goes on", e);
      }
    }
  }
}
