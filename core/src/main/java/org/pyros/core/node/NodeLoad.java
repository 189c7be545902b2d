package org.pyros.core.node;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a node counts of its load, readable from any thread while the node runs: requests in
 * flight (accepted by the node, not answered yet by the topic or service), requests refused
 * {@code OVERLOADED}, and messages dropped for raw subscribers that fell behind. Each
 * {@link org.pyros.core.metrics.PyrosMetrics} holds one ({@code load()}) and shows it as meters.
 */
public final class NodeLoad {
  final AtomicInteger inFlight = new AtomicInteger();
  final LongAdder refused = new LongAdder();
  final LongAdder subscriberDrops = new LongAdder();

  /** Requests accepted and not answered yet. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Requests refused {@code OVERLOADED} so far, by the node or by its mailbox ({@link NodeMailbox}). */
  public long refused() {
    return refused.sum();
  }

  /** Messages not delivered to a {@link PyrosNode.Subscribe} subscriber because its mailbox was full. */
  public long subscriberDrops() {
    return subscriberDrops.sum();
  }
}
