package org.pyros.core.node;

import java.util.Optional;
import org.pyros.core.msg.Message;

/** The last message seen on a topic; {@code message} is null when none was seen yet. */
public record LatestMessage(String topic, Message message) {
  public Optional<Message> asOptional() {
    return Optional.ofNullable(message);
  }
}
