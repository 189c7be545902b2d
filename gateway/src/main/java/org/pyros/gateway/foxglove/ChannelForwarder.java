package org.pyros.gateway.foxglove;

import java.time.Instant;
import java.util.function.Consumer;
import org.pyros.core.msg.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.pyros.gateway.Wire;

/**
 * Sends one subscription's messages as {@code messageData} frames in the subscription's own lane
 * of the outbox, which keeps {@code queueLength} of them (the oldest dropped).
 */
final class ChannelForwarder implements Consumer<Message> {
  private static final Logger log = LoggerFactory.getLogger(ChannelForwarder.class);

  private final long subscriptionId;
  private final String topic;
  private final Wire wire;
  private final FoxgloveChannel channel;
  private final int queueLength;
  private boolean warned;

  ChannelForwarder(long subscriptionId, String topic, Wire wire, FoxgloveChannel channel, int queueLength) {
    this.subscriptionId = subscriptionId;
    this.topic = topic;
    this.wire = wire;
    this.channel = channel;
    this.queueLength = queueLength;
  }

  long subscriptionId() {
    return subscriptionId;
  }

  @Override
  public void accept(Message message) {
    Instant now = Instant.now();
    long receiveNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    try {
      channel.sendBinary("s" + subscriptionId, BinaryFrames.messageData(subscriptionId, receiveNanos, wire.encode(message)), queueLength);
    } catch (RuntimeException e) {
      // A message that cannot be serialized (a value out of its field's range): skipped, said once.
      if (!warned) {
        warned = true;
        log.warn("foxglove: a message of {} cannot be sent as {}: {}", topic, wire.encoding(), e.getMessage());
        channel.status(FoxgloveChannel.Level.WARNING, "a message of " + topic + " could not be serialized: " + e.getMessage());
      }
    }
  }
}
