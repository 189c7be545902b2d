package org.pyros.ros2.rtps.wire;

/** A submessage as read, with the receiver's state that applies to it. */
public record Received(ReceiveContext context, Submessage submessage) {}
