package org.pyros.core.system;

/**
 * How a topic is published.
 *
 * @param latch send the last message to every subscriber that connects later
 * @param queueSize per-subscriber queue; when full the oldest message is dropped
 */
public record PublishOptions(boolean latch, int queueSize) {
  public static final PublishOptions DEFAULT = new PublishOptions(false, 100);

  public PublishOptions {
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize must be at least 1, got " + queueSize);
    }
  }
}
