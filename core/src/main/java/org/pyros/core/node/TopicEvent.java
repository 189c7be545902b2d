package org.pyros.core.node;

import org.pyros.core.msg.Message;

/** What a topic subscriber receives. */
public sealed interface TopicEvent {
  String topic();

  /** A message published on the topic. */
  record Received(String topic, Message message) implements TopicEvent {}

  /**
   * Messages may have been missed (the node moved to another host, or a queue overflowed);
   * the subscription goes on.
   */
  record Gap(String topic, String reason) implements TopicEvent {}

  /** The subscription is over (the topic is no longer exposed, or the node stopped). */
  record Ended(String topic, String reason) implements TopicEvent {}
}
