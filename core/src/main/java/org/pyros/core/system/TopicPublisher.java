package org.pyros.core.system;

import org.pyros.core.msg.Message;

/** A publisher a system created for one topic. */
public interface TopicPublisher extends Registration {
  /**
   * Hands a message to the system for delivery to every subscriber. Never blocks: each
   * subscriber has a bounded queue that drops its oldest message when full (ROS queue_size).
   *
   * @throws org.pyros.core.msg.MessageFormatException when the message is not of the topic's type
   */
  void publish(Message message);
}
