package org.pyros.gateway.rosbridge;

import java.util.function.Consumer;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageJson;
import org.pyros.gateway.Wire;

/**
 * Sends one subscription's messages to the client: throttled, in the subscription's own lane of
 * the outbox (its queue_length), as JSON, CBOR or the graph's serialized bytes in CBOR. Called by the subscription's callback, one
 * message at a time.
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
    if (options.compression() == SubscribeOptions.Compression.CBOR) {
      channel.sendCbor(topic, Ops.publish(topic, CborMessages.toTree(message)), options.queueLength());
    } else if (options.compression() == SubscribeOptions.Compression.CBOR_RAW) {
      channel.sendCbor(topic, Ops.publish(topic, CborMessages.raw(Wire.of(message.type()).encode(message))), options.queueLength());
    } else {
      String fragmentId = options.fragmentSize() > 0 ? "publish:" + topic + ":" + (count++) : null;
      channel.sendText(topic, Ops.publish(topic, MessageJson.toJson(message)), options.fragmentSize(), options.queueLength(), fragmentId);
    }
  }
}
