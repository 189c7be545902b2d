package org.pyros.bench;

import java.time.Instant;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.RosTime;
import org.pyros.ros.msg.MessageTypes;

/**
 * The messages a benchmark sends, by kind name; the C++ and Python peers build the same ones.
 * {@code stamp} carries the send time (wall clock) for one-way latency; {@code mono} is a
 * {@code std_msgs/String} {@code hello I t=NS} with the send time on CLOCK_MONOTONIC
 * ({@code System.nanoTime()}, the clock of the ROS 2 C peers, rospy's peer and Node.js's
 * {@code process.hrtime}).
 */
enum Payload {
  STR16("str16", "std_msgs/String"),
  STR1K("str1k", "std_msgs/String"),
  IMG1M("img1m", "sensor_msgs/Image"),
  STAMP("stamp", "std_msgs/Header"),
  MONO("mono", "std_msgs/String");

  final String kind;
  final String typeName;

  Payload(String kind, String typeName) {
    this.kind = kind;
    this.typeName = typeName;
  }

  static Payload of(String kind) {
    for (Payload p : values()) {
      if (p.kind.equals(kind)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown payload kind " + kind + " (str16, str1k, img1m, stamp, mono)");
  }

  /** True when each message carries its send time (built anew for every send). */
  boolean stamped() {
    return this == STAMP || this == MONO;
  }

  /** A message of this kind; for {@code stamp} and {@code mono}, stamped now with sequence {@code seq}. */
  Message build(MessageTypes types, long seq) {
    MessageType type = types.messageType(typeName);
    switch (this) {
      case STR16:
        return Message.builder(type).set("data", "x".repeat(16)).build();
      case STR1K:
        return Message.builder(type).set("data", "x".repeat(1024)).build();
      case IMG1M:
        return Message.builder(type)
            .set("height", 1024).set("width", 1024).set("encoding", "mono8").set("step", 1024)
            .set("data", ByteString.fromArrayUnsafe(new byte[1024 * 1024]))
            .build();
      case MONO:
        return Message.builder(type).set("data", "hello " + seq + " t=" + System.nanoTime()).build();
      default:
        return Message.builder(type).set("seq", seq).set("stamp", RosTime.of(Instant.now())).set("frame_id", "bench").build();
    }
  }

  /** Microseconds from the message's stamp to now (wall clock; same machine). */
  static long latencyMicros(Message header) {
    RosTime t = (RosTime) header.get("stamp");
    Instant now = Instant.now();
    return (now.getEpochSecond() - t.secs()) * 1_000_000L + (now.getNano() - t.nsecs()) / 1000L;
  }
}
