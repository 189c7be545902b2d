package org.pyros.ros2.system;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Message;
import org.pyros.ros2.msg.Ros2Types;

/**
 * The deterministic content of the ROS 2 test peers ({@code ros2/src/test/peers/ros2peer_common.h}):
 * sample {@code i} of each type as a Pyros {@link Message}, so that what a peer sends can be
 * compared field by field and what Pyros sends passes the peer's own checks.
 */
final class PeerContent {
  static final int IMAGE_BYTES = 1 << 20;
  private static final byte[] PATTERN = pattern(IMAGE_BYTES + 256);

  private final Ros2Types types;

  PeerContent(Ros2Types types) {
    this.types = types;
  }

  /** The peer's name of a type on its command line. */
  static String peerType(String rosType) {
    return switch (rosType) {
      case "std_msgs/msg/String" -> "string";
      case "sensor_msgs/msg/JointState" -> "jointstate";
      case "geometry_msgs/msg/PoseArray" -> "posearray";
      case "sensor_msgs/msg/Image" -> "image";
      default -> throw new IllegalArgumentException("the peers have no " + rosType);
    };
  }

  /** Sample {@code i} of a type the peers know (images of {@link #IMAGE_BYTES}). */
  Message sample(String rosType, long i) {
    return switch (rosType) {
      case "std_msgs/msg/String" -> string(i);
      case "sensor_msgs/msg/JointState" -> jointState(i);
      case "geometry_msgs/msg/PoseArray" -> poseArray(i);
      case "sensor_msgs/msg/Image" -> image(i);
      default -> throw new IllegalArgumentException("the peers have no " + rosType);
    };
  }

  Message string(long i) {
    return Message.builder(types.messageType("std_msgs/msg/String")).set("data", "hello " + i).build();
  }

  /** {@code f<i>}, stamp {@code i . i*7}; joints j0..j(i%5), position i + j/2, velocity -(i+j), effort [i] when i is odd. */
  Message jointState(long i) {
    int k = (int) (i % 5) + 1;
    List<String> names = new ArrayList<>();
    List<Double> position = new ArrayList<>();
    List<Double> velocity = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      names.add("j" + j);
      position.add(i + j * 0.5);
      velocity.add((double) -(i + j));
    }
    return Message.builder(types.messageType("sensor_msgs/msg/JointState"))
        .set("header", header("f", i))
        .set("name", names)
        .set("position", position)
        .set("velocity", velocity)
        .set("effort", i % 2 == 1 ? List.of((double) i) : List.of())
        .build();
  }

  /** {@code p<i>}; i%4 poses, pose p at (i, p, -p) facing the identity quaternion. */
  Message poseArray(long i) {
    List<Message> poses = new ArrayList<>();
    for (int p = 0; p < i % 4; p++) {
      Message position = Message.builder(types.messageType("geometry_msgs/msg/Point"))
          .set("x", (double) i).set("y", (double) p).set("z", (double) -p).build();
      Message orientation = Message.builder(types.messageType("geometry_msgs/msg/Quaternion"))
          .set("x", 0.0).set("y", 0.0).set("z", 0.0).set("w", 1.0).build();
      poses.add(Message.builder(types.messageType("geometry_msgs/msg/Pose"))
          .set("position", position).set("orientation", orientation).build());
    }
    return Message.builder(types.messageType("geometry_msgs/msg/PoseArray"))
        .set("header", header("p", i)).set("poses", poses).build();
  }

  /** {@code img<i>}: mono8, rows of 1024 bytes, byte k is (k + i) mod 256. */
  Message image(long i) {
    return Message.builder(types.messageType("sensor_msgs/msg/Image"))
        .set("header", header("img", i))
        .set("height", IMAGE_BYTES / 1024)
        .set("width", 1024)
        .set("encoding", "mono8")
        .set("is_bigendian", 0)
        .set("step", 1024)
        .set("data", ByteString.fromArray(PATTERN, (int) (i & 0xff), IMAGE_BYTES))
        .build();
  }

  /** The CRC-32 the peers print for image {@code i}'s data. */
  static long imageCrc(long i) {
    CRC32 crc = new CRC32();
    crc.update(PATTERN, (int) (i & 0xff), IMAGE_BYTES);
    return crc.getValue();
  }

  private Message header(String prefix, long i) {
    Message stamp = Message.builder(types.messageType("builtin_interfaces/msg/Time"))
        .set("sec", (int) i).set("nanosec", (i * 7) % 1_000_000_000L).build();
    return Message.builder(types.messageType("std_msgs/msg/Header"))
        .set("stamp", stamp).set("frame_id", prefix + i).build();
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int k = 0; k < n; k++) {
      b[k] = (byte) k;
    }
    return b;
  }

  /**
   * The first difference between two messages, field by field ({@code header.stamp.sec: 3 != 4},
   * {@code data[17]: ...}), or "" when they are equal.
   */
  static String firstDifference(Message expected, Message actual) {
    if (!expected.type().name().equals(actual.type().name())) {
      return "type: " + expected.type().name() + " != " + actual.type().name();
    }
    for (int f = 0; f < expected.type().fields().size(); f++) {
      String name = expected.type().fields().get(f).name();
      String d = difference(name, expected.get(f), actual.get(f));
      if (!d.isEmpty()) {
        return d;
      }
    }
    return "";
  }

  private static String difference(String path, Object expected, Object actual) {
    if (expected instanceof Message e && actual instanceof Message a) {
      String d = firstDifference(e, a);
      return d.isEmpty() ? "" : path + "." + d;
    }
    if (expected instanceof List<?> e && actual instanceof List<?> a) {
      if (e.size() != a.size()) {
        return path + ": " + e.size() + " elements != " + a.size();
      }
      for (int k = 0; k < e.size(); k++) {
        String d = difference(path + "[" + k + "]", e.get(k), a.get(k));
        if (!d.isEmpty()) {
          return d;
        }
      }
      return "";
    }
    if (expected instanceof ByteString e && actual instanceof ByteString a) {
      if (e.length() != a.length()) {
        return path + ": " + e.length() + " bytes != " + a.length();
      }
      for (int k = 0; k < e.length(); k++) {
        if (e.apply(k) != a.apply(k)) {
          return path + "[" + k + "]: " + e.apply(k) + " != " + a.apply(k);
        }
      }
      return "";
    }
    return expected.equals(actual) ? "" : path + ": " + expected + " != " + actual;
  }
}
