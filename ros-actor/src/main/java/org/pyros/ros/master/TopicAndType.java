package org.pyros.ros.master;

/** A topic name and its message type, e.g. {@code /chatter}, {@code std_msgs/String}. */
public record TopicAndType(String topic, String type) {}
