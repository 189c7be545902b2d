package org.pyros.core.node;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests in flight of one child (topic or service), counted into the node's too. The node
 * admits a request on its own thread; the child marks it answered from wherever it answers (its
 * own thread, or a future's). A shared counter, not a message back to the node: an answer through
 * the node would double the node's messages on its hot path.
 */
final class InFlight {
  private final AtomicInteger count = new AtomicInteger();
  private final int limit;
  private final int nodeLimit;
  private final NodeLoad node;

  InFlight(int limit, int nodeLimit, NodeLoad node) {
    this.limit = limit;
    this.nodeLimit = nodeLimit;
    this.node = node;
  }

  /**
   * Counts a request in; false (counting a refusal) when the child or the node is at its bound.
   * Called by the node only, so no other admission races between the check and the increment.
   */
  boolean admit() {
    if (count.get() >= limit || node.inFlight.get() >= nodeLimit) {
      node.refused.increment();
      return false;
    }
    count.incrementAndGet();
    node.inFlight.incrementAndGet();
    return true;
  }

  /** One admitted request was answered (once per admitted request, whatever the answer). */
  void answered() {
    count.decrementAndGet();
    node.inFlight.decrementAndGet();
  }

  /** Requests of this child in flight now. */
  int count() {
    return count.get();
  }

  NodeLoad node() {
    return node;
  }
}
