package org.pyros.gateway.rosbridge;

import java.util.function.Consumer;
import org.pyros.core.msg.Message;

/**
 * Sends one subscription's messages to the client: throttled, in the subscription's own lane of
 * the outbox (its queue_length), in the form it asked for (see {@link ClientChannel#publish}).
 * Called by the subscription's callback, one message at a time.
 */
final class TopicForwarder implements Consumer<Message> {
  private final String topic;
  private final SubscribeOptions options;
  private final ClientChannel channel;
  private long lastSent = Long.MIN_VALUE;
  private long count;

  TopicForwarder(String topic, SubscribeOptions options, ClientChannel channel) {
    this.topic = topic;
    this.options = options;
    this.channel = channel;
  }

  SubscribeOptions options() {
    return options;
  }

  @Override
  public void accept(Message message) {
    long now = System.nanoTime();
    if (options.throttleMillis() > 0 && lastSent != Long.MIN_VALUE && now - lastSent < options.throttleMillis() * 1_000_000L) {
      return;
    }
    lastSent = now;
    String fragmentId = options.fragmentSize() > 0 ? "publish:" + topic + ":" + (count++) : null;
    channel.publish(topic, message, options, fragmentId);
  }
}
