package org.pyros.core.system;

/** Something a system keeps running for us (a subscription, a served service, a watch) until cancelled. */
@FunctionalInterface
public interface Registration {
  /** Stops it; calling twice is harmless. */
  void cancel();

  /** A registration that runs {@code action} on the first {@link #cancel()} only. */
  static Registration once(Runnable action) {
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        action.run();
      }
    };
  }
}
