package org.pyros.ros2.peer;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The one way tests wait: poll a condition until it holds or a deadline passes (never a bare sleep). */
public final class Eventually {
  private Eventually() {}

  /** Polls {@code condition} every few milliseconds; fails with {@code what} (and the last state) at the deadline. */
  public static void await(Duration timeout, String what, BooleanSupplier condition) {
    await(timeout, what, condition, () -> "");
  }

  /** As {@link #await(Duration, String, BooleanSupplier)}, with {@code state} describing the situation on failure. */
  public static void await(Duration timeout, String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout + ": " + what + stateSuffix(state));
      }
      try {
        Thread.sleep(10); // a poll interval, not a synchronization
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  private static String stateSuffix(Supplier<String> state) {
    String s = state.get();
    return s == null || s.isEmpty() ? "" : " (" + s + ")";
  }
}
