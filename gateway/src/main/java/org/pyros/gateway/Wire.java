package org.pyros.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.ros.msg.MessageDefinitions;
import org.pyros.ros.msg.Ros1Decoder;
import org.pyros.ros.msg.Ros1Encoder;
import org.pyros.ros2.cdr.CdrCodec;

/**
 * The serialized form of a topic's messages on its graph, as the gateways forward them (a Foxglove
 * channel, a rosbridge {@code cbor-raw} subscription): ROS 1 serialization with {@code ros1msg}
 * schemas, or CDR with {@code ros2msg} schemas. Pyros names ROS 2 types {@code pkg/msg/Name} and ROS 1 types
 * {@code pkg/Name}, so the type says which system a topic lives on.
 */
public enum Wire {
  ROS1("ros1", "ros1msg"),
  CDR("cdr", "ros2msg");

  // Building a CDR codec walks the whole type: once per type, not per message.
  private static final Map<MessageType, CdrCodec> CDR_CODECS = new ConcurrentHashMap<>();

  private final String encoding;
  private final String schemaEncoding;

  Wire(String encoding, String schemaEncoding) {
    this.encoding = encoding;
    this.schemaEncoding = schemaEncoding;
  }

  /** The format of messages of {@code type}. */
  public static Wire of(MessageType type) {
    return isRos2Name(type.name()) ? CDR : ROS1;
  }

  /** The format a client names, or null when the gateway does not speak it. */
  public static Wire ofEncoding(String encoding) {
    for (Wire w : values()) {
      if (w.encoding.equals(encoding)) {
        return w;
      }
    }
    return null;
  }

  public static boolean isRos2Name(String typeName) {
    return typeName.contains("/msg/") || typeName.contains("/srv/");
  }

  public String encoding() {
    return encoding;
  }

  public String schemaEncoding() {
    return schemaEncoding;
  }

  /** The full definition text of the type and of every type nested in it. */
  public String schema(MessageType type) {
    return MessageDefinitions.fullText(type);
  }

  public ByteString encode(Message message) {
    return this == ROS1 ? Ros1Encoder.encodeToByteString(message) : cdr(message.type()).encodeToByteString(message);
  }

  /** Decodes a payload of this format; a payload that does not fit fails with a message saying why. */
  public Message decode(MessageType type, ByteString payload) {
    return this == ROS1 ? Ros1Decoder.decode(type, payload) : cdr(type).decode(payload);
  }

  private static CdrCodec cdr(MessageType type) {
    return CDR_CODECS.computeIfAbsent(type, CdrCodec::of);
  }
}
