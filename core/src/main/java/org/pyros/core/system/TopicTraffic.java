package org.pyros.core.system;

import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes of serialized messages a system's endpoints moved on one topic since the system
 * started: each message counted once, in as the system's subscription received it, out as one of
 * its publishers sent it (however many peers it went to). Counting is a {@link LongAdder} add on
 * the I/O thread; readers (the node's meters) read the sums only when asked.
 */
public final class TopicTraffic {
  private final LongAdder in = new LongAdder();
  private final LongAdder out = new LongAdder();

  /** A message of {@code bytes} serialized bytes arrived from the graph. */
  public void received(int bytes) {
    in.add(bytes);
  }

  /** A message of {@code bytes} serialized bytes went out to the graph. */
  public void published(int bytes) {
    out.add(bytes);
  }

  public long bytesIn() {
    return in.sum();
  }

  public long bytesOut() {
    return out.sum();
  }
}
