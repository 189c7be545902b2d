package org.pyros.gateway.rosbridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Reads the members of a client's op; a member that is missing or of the wrong kind is an IllegalArgumentException. */
final class Members {
  private Members() {}

  /** A ROS name member; a relative name is taken from the root namespace, as rosbridge's node does. */
  static String name(JsonNode op, String member) {
    String n = required(op, member);
    return n.startsWith("/") ? n : "/" + n;
  }

  /** A non-empty string member. */
  static String required(JsonNode op, String member) {
    JsonNode v = op.get(member);
    if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
      throw new IllegalArgumentException("needs a string member \"" + member + "\"");
    }
    return v.textValue();
  }

  /** A timeout in seconds; none or not positive is null (the node's default). */
  static Duration timeout(JsonNode op, String member) {
    JsonNode v = op.get(member);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(member + " must be a number of seconds, got " + v);
    }
    double seconds = v.asDouble();
    return seconds > 0 ? Duration.ofNanos((long) (seconds * 1e9)) : null;
  }
}
