package org.pyros.core.system;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a system's endpoints moved on one topic since the system started: the bytes of serialized
 * messages, each counted once, in as the system's subscription received it, out as one of its
 * publishers sent it (however many peers it went to); and the messages its publications' bounded
 * queues dropped before a peer had them (a slow subscriber's queue; a writer history that no longer
 * held a sample a reliable reader asked for, or had to let go of one before it was acknowledged). Counting is a {@link LongAdder} add
 * on the I/O thread; readers (the node's meters) read the sums only when asked.
 */
public final class TopicTraffic {
  private final LongAdder in = new LongAdder();
  private final LongAdder out = new LongAdder();
  private final LongAdder publicationDrops = new LongAdder();

  /** A message of {@code bytes} serialized bytes arrived from the graph. */
  public void received(int bytes) {
    in.add(bytes);
  }

  /** A message of {@code bytes} serialized bytes went out to the graph. */
  public void published(int bytes) {
    out.add(bytes);
  }

  /** A publication's queue for one peer dropped a message (once per message and peer). */
  public void publicationDropped() {
    publicationDrops.increment();
  }

  public long bytesIn() {
    return in.sum();
  }

  public long bytesOut() {
    return out.sum();
  }

  /** Messages the publications' queues dropped for slow peers so far. */
  public long publicationDrops() {
    return publicationDrops.sum();
  }
}
