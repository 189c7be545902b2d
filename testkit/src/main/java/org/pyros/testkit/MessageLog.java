package org.pyros.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;
import org.pyros.core.msg.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded record behind probes: messages not yet consumed by an expectation, and a history.
 * Beyond {@code capacity} the oldest entries are dropped, with a log line.
 */
final class MessageLog {
  private static final Logger log = LoggerFactory.getLogger(MessageLog.class);

  private final String source;
  private final int capacity;
  private final ArrayDeque<Message> pending = new ArrayDeque<>();
  private final ArrayDeque<Message> history = new ArrayDeque<>();
  private long dropped;

  /** {@code source} names what is recorded in failure messages, e.g. {@code topic /cmd}. */
  MessageLog(String source, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.source = source;
    this.capacity = capacity;
  }

  synchronized void add(Message message) {
    if (pending.size() == capacity) {
      pending.pollFirst();
      if (dropped++ % 1000 == 0) {
        log.warn("{}: {} entries not consumed by an expectation; dropping the oldest ({} so far)", source, capacity, dropped);
      }
    }
    pending.addLast(message);
    if (history.size() == capacity) {
      history.pollFirst();
    }
    history.addLast(message);
    notifyAll();
  }

  synchronized Message expect(Predicate<Message> matching, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Message lastSkipped = null;
    int skipped = 0;
    while (true) {
      while (!pending.isEmpty()) {
        Message m = pending.pollFirst();
        if (matching.test(m)) {
          return m;
        }
        lastSkipped = m;
        skipped++;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + what + " on " + source + " within " + timeout.toMillis() + " ms, got "
            + (skipped == 0 ? "none" : skipped + " not matching, the last " + lastSkipped));
      }
      waitNanos(left);
    }
  }

  synchronized void expectNone(Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      if (!pending.isEmpty()) {
        throw new AssertionError("expected no " + what + " on " + source + " for " + within.toMillis() + " ms, got " + pending.peekFirst());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      waitNanos(left);
    }
  }

  synchronized List<Message> history() {
    return List.copyOf(history);
  }

  synchronized void skipPending() {
    pending.clear();
  }

  private void waitNanos(long nanos) {
    try {
      // Waiting on the monitor: add() wakes us, the deadline bounds us.
      wait(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting on " + source, e);
    }
  }
}
