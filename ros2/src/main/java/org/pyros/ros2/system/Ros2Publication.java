package org.pyros.ros2.system;

import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.TopicTraffic;
import org.pyros.ros2.cdr.CdrCodec;
import org.pyros.ros2.rtps.LocalWriter;

/**
 * One publisher of ours on a ROS 2 topic: messages are encoded once and written to our DDS
 * writer, which serves every matched reader of the graph (ours too).
 */
final class Ros2Publication implements TopicPublisher {
  private final String topic;
  private final MessageType type;
  private final CdrCodec codec;
  private final LocalWriter writer;
  private final Ros2Topics topics;
  private final TopicTraffic traffic;

  Ros2Publication(String topic, MessageType type, CdrCodec codec, LocalWriter writer, Ros2Topics topics, TopicTraffic traffic) {
    this.topic = topic;
    this.traffic = traffic;
    this.type = type;
    this.codec = codec;
    this.writer = writer;
    this.topics = topics;
  }

  String topic() {
    return topic;
  }

  LocalWriter writer() {
    return writer;
  }

  @Override
  public void publish(Message message) {
    Message m = MessageShapes.adapt(message, type);
    ByteString bytes = codec.encodeToByteString(m);
    writer.write(bytes);
    traffic.published(bytes.size());
  }

  @Override
  public void cancel() {
    topics.remove(this);
  }
}
