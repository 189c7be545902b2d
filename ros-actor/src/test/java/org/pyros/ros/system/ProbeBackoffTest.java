package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProbeBackoffTest {
  private static final long S = 1_000_000_000L;
  private static final List<String> DEAD = List.of("/dead_node");

  private final ProbeBackoff backoff = new ProbeBackoff(Duration.ofSeconds(2), Duration.ofSeconds(8));

  @Test
  void aServiceThatFailsIsProbedAgainAfterADoublingDelay() {
    assertTrue(backoff.due("/s", DEAD, 0));
    backoff.failed("/s", DEAD, 0);
    assertFalse(backoff.due("/s", DEAD, S), "1 s after the first failure");
    assertTrue(backoff.due("/s", DEAD, 2 * S));
    backoff.failed("/s", DEAD, 2 * S);
    assertFalse(backoff.due("/s", DEAD, 5 * S), "3 s after the second failure: the delay is 4 s now");
    assertTrue(backoff.due("/s", DEAD, 6 * S));
    backoff.failed("/s", DEAD, 6 * S);
    backoff.failed("/s", DEAD, 14 * S);
    assertFalse(backoff.due("/s", DEAD, 21 * S));
    assertTrue(backoff.due("/s", DEAD, 22 * S), "the delay stops growing at its limit (8 s)");
  }

  @Test
  void aNewProviderOrASuccessOrTheServiceLeavingStartsAfresh() {
    backoff.failed("/s", DEAD, 0);
    assertTrue(backoff.due("/s", List.of("/new_node"), S), "another provider is probed at once");
    backoff.failed("/t", DEAD, 0);
    backoff.succeeded("/t");
    assertTrue(backoff.due("/t", DEAD, S));
    backoff.failed("/u", DEAD, 0);
    backoff.retain(Set.of("/s"));
    assertTrue(backoff.due("/u", DEAD, S), "a service that left and came back is new");
    assertFalse(backoff.due("/s", DEAD, S));
  }
}
