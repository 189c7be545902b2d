package org.pyros.ros.tcpros;

import java.util.Objects;

/**
 * What a topic carries, as TCPROS headers state it.
 *
 * @param topic global topic name, e.g. {@code /chatter}
 * @param type message type, e.g. {@code std_msgs/String}
 * @param md5sum the type's md5sum ({@code *} on a subscriber accepts any)
 * @param messageDefinition full message definition text (nested types included)
 */
public record TopicSpec(String topic, String type, String md5sum, String messageDefinition) {
  public TopicSpec {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(md5sum, "md5sum");
    Objects.requireNonNull(messageDefinition, "messageDefinition");
  }
}
