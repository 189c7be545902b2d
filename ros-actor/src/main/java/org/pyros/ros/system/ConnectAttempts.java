package org.pyros.ros.system;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connection attempts to publishers (their {@code requestTopic} calls) under way at
 * once, for the whole node: a publisher list of thousands of URIs is worked through a few at a
 * time instead of opening a socket for each at once. Attempts beyond the bound wait in order, in
 * a queue of bounded length.
 */
final class ConnectAttempts {
  private static final Logger log = LoggerFactory.getLogger(ConnectAttempts.class);

  private final int maxRunning;
  private final int maxWaiting;
  private final ArrayDeque<Supplier<CompletionStage<?>>> waiting = new ArrayDeque<>();
  private int running; // guarded by this

  ConnectAttempts(int maxRunning, int maxWaiting) {
    this.maxRunning = maxRunning;
    this.maxWaiting = maxWaiting;
  }

  /** Runs {@code attempt} now or once a running one ends; false when too many wait already. */
  boolean submit(Supplier<CompletionStage<?>> attempt) {
    synchronized (this) {
      if (running >= maxRunning) {
        if (waiting.size() >= maxWaiting) {
          log.warn("{} publisher connections already wait to be tried: one more dropped", maxWaiting);
          return false;
        }
        waiting.add(attempt);
        return true;
      }
      running++;
    }
    run(attempt);
    return true;
  }

  /** Attempts under way now (for tests and diagnostics). */
  synchronized int running() {
    return running;
  }

  private void run(Supplier<CompletionStage<?>> attempt) {
    CompletionStage<?> stage;
    try {
      stage = attempt.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((v, e) -> next());
  }

  private void next() {
    Supplier<CompletionStage<?>> attempt;
    synchronized (this) {
      attempt = waiting.poll();
      if (attempt == null) {
        running--;
        return;
      }
    }
    run(attempt);
  }
}
