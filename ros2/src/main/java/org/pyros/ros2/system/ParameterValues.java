package org.pyros.ros2.system;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;

/**
 * Java values to and from {@code rcl_interfaces/msg/ParameterValue}, the variant ROS 2 parameters
 * travel in: Boolean, Long (and other integers), Double (and Float), String, byte[] or ByteString,
 * and lists of booleans, integers, doubles or strings. Nothing else is a ROS 2 parameter value.
 */
final class ParameterValues {
  static final int NOT_SET = 0;
  static final int BOOL = 1;
  static final int INTEGER = 2;
  static final int DOUBLE = 3;
  static final int STRING = 4;
  static final int BYTE_ARRAY = 5;
  static final int BOOL_ARRAY = 6;
  static final int INTEGER_ARRAY = 7;
  static final int DOUBLE_ARRAY = 8;
  static final int STRING_ARRAY = 9;

  private final MessageType valueType;

  ParameterValues(MessageType valueType) {
    this.valueType = valueType;
  }

  MessageType type() {
    return valueType;
  }

  /** The ParameterValue of a Java value (null: not set). */
  Message toMessage(Object value) {
    Message.Builder b = Message.builder(valueType);
    if (value == null) {
      return b.set("type", NOT_SET).build();
    }
    if (value instanceof Boolean v) {
      return b.set("type", BOOL).set("bool_value", v).build();
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return b.set("type", INTEGER).set("integer_value", ((Number) value).longValue()).build();
    }
    if (value instanceof Double || value instanceof Float) {
      return b.set("type", DOUBLE).set("double_value", ((Number) value).doubleValue()).build();
    }
    if (value instanceof String v) {
      return b.set("type", STRING).set("string_value", v).build();
    }
    if (value instanceof byte[] v) {
      return b.set("type", BYTE_ARRAY).set("byte_array_value", ByteString.fromArray(v)).build();
    }
    if (value instanceof ByteString v) {
      return b.set("type", BYTE_ARRAY).set("byte_array_value", v).build();
    }
    if (value instanceof List<?> list) {
      return listMessage(b, list);
    }
    throw new PyrosException(ErrorCode.BAD_MESSAGE, "a ROS 2 parameter cannot hold a " + value.getClass().getSimpleName()
        + " (bool, integer, double, string, bytes, or a list of bools, integers, doubles or strings)");
  }

  private Message listMessage(Message.Builder b, List<?> list) {
    if (list.stream().allMatch(o -> o instanceof Boolean)) {
      return b.set("type", BOOL_ARRAY).set("bool_array_value", list).build();
    }
    if (list.stream().allMatch(o -> o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte)) {
      return b.set("type", INTEGER_ARRAY).set("integer_array_value", list.stream().map(o -> ((Number) o).longValue()).toList()).build();
    }
    if (list.stream().allMatch(o -> o instanceof Number)) {
      return b.set("type", DOUBLE_ARRAY).set("double_array_value", list.stream().map(o -> ((Number) o).doubleValue()).toList()).build();
    }
    if (list.stream().allMatch(o -> o instanceof String)) {
      return b.set("type", STRING_ARRAY).set("string_array_value", list).build();
    }
    throw new PyrosException(ErrorCode.BAD_MESSAGE, "a ROS 2 parameter list holds bools, integers, doubles or strings, "
        + "all of one kind");
  }

  /** The Java value of a ParameterValue; empty when not set. */
  static Optional<Object> fromMessage(Message m) {
    int type = m.getInt("type");
    return Optional.ofNullable(switch (type) {
      case NOT_SET -> null;
      case BOOL -> m.getBool("bool_value");
      case INTEGER -> m.getLong("integer_value");
      case DOUBLE -> m.getDouble("double_value");
      case STRING -> m.getString("string_value");
      case BYTE_ARRAY -> m.getBytes("byte_array_value").toArray();
      case BOOL_ARRAY -> List.copyOf(m.<Boolean>getList("bool_array_value"));
      case INTEGER_ARRAY -> List.copyOf(m.<Long>getList("integer_array_value"));
      case DOUBLE_ARRAY -> List.copyOf(m.<Double>getList("double_array_value"));
      case STRING_ARRAY -> List.copyOf(m.<String>getList("string_array_value"));
      default -> throw new PyrosException(ErrorCode.BAD_MESSAGE, "unknown ROS 2 parameter type " + type);
    });
  }

  /** The ParameterType code of a ParameterValue. */
  static int typeOf(Message value) {
    return value.getInt("type");
  }
}
