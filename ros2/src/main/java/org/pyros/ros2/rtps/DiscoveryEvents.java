package org.pyros.ros2.rtps;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The participant's discovery listeners and the events on their way to them. Events are queued
 * while the participant holds its discovery lock (so their order is the order of the changes)
 * and delivered after it is released, by one thread at a time, each to the listeners registered
 * when it was queued.
 */
final class DiscoveryEvents {
  /** Events waiting for delivery; beyond this a listener is stuck, and events are dropped. */
  static final int MAX_PENDING = 100_000;

  private static final Logger log = LoggerFactory.getLogger(DiscoveryEvents.class);

  private record Pending(List<DiscoveryListener> to, Consumer<DiscoveryListener> event) {}

  private final List<DiscoveryListener> listeners = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  /** Held while delivering: one deliverer at a time keeps the order. */
  private final Object delivery = new Object();

  /** Under the discovery lock: registers a listener, its replay of what is known queued first. */
  void add(DiscoveryListener listener, List<Consumer<DiscoveryListener>> replay) {
    List<DiscoveryListener> to = List.of(listener);
    for (Consumer<DiscoveryListener> event : replay) {
      enqueue(to, event);
    }
    listeners.add(listener);
  }

  void remove(DiscoveryListener listener) {
    listeners.remove(listener);
  }

  /** Under the discovery lock: the events of one change, for the listeners registered now. */
  void queue(List<Consumer<DiscoveryListener>> events) {
    if (events.isEmpty() || listeners.isEmpty()) {
      return;
    }
    List<DiscoveryListener> to = List.copyOf(listeners);
    for (Consumer<DiscoveryListener> event : events) {
      enqueue(to, event);
    }
  }

  private void enqueue(List<DiscoveryListener> to, Consumer<DiscoveryListener> event) {
    synchronized (pending) {
      if (pending.size() >= MAX_PENDING) {
        log.warn("discovery event dropped: {} undelivered already (a listener blocks?)", MAX_PENDING);
        return;
      }
      pending.add(new Pending(to, event));
    }
  }

  /** Outside the discovery lock: delivers what is queued, in order. */
  void deliver() {
    synchronized (delivery) {
      while (true) {
        Pending e;
        synchronized (pending) {
          e = pending.poll();
        }
        if (e == null) {
          return;
        }
        for (DiscoveryListener l : e.to()) {
          try {
            e.event().accept(l);
          } catch (RuntimeException ex) {
            log.warn("discovery listener {} failed", l, ex);
          }
        }
      }
    }
  }
}
