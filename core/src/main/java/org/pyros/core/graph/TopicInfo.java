package org.pyros.core.graph;

/** A topic in the graph: its global name and message type, e.g. {@code /chatter}, {@code std_msgs/String}. */
public record TopicInfo(String name, String type) {}
