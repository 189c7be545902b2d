package org.pyros.ros.system;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * When each registration of this node with the master last settled. A poll of the master that
 * was sent before a registration settled may not list it yet; only a registration that settled
 * before the poll started and is still missing was lost (the master restarted, or was down).
 */
final class RegistrationTimes {
  private static final long IN_FLIGHT = Long.MAX_VALUE;

  private final Map<String, Long> settledAt = new ConcurrentHashMap<>();

  /**
   * Marks {@code key} as being registered: called where the registration is recorded locally,
   * before the call is made, so a poll in between does not find it missing.
   */
  void pending(String key) {
    settledAt.put(key, IN_FLIGHT);
  }

  /** Runs a registration call for {@code key} (e.g. "pub:/chatter"), noting when it settles. */
  <T> CompletionStage<T> track(String key, Supplier<CompletionStage<T>> register) {
    settledAt.put(key, IN_FLIGHT);
    return register.get().whenComplete((v, e) -> settledAt.put(key, System.nanoTime()));
  }

  /** True when the registration of {@code key} settled before {@code pollStartNanos} (or was never tracked). */
  boolean settledBefore(String key, long pollStartNanos) {
    Long at = settledAt.get(key);
    return at == null || at - pollStartNanos < 0;
  }
}
