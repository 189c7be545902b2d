package org.pyros.gateway.rosbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;

/**
 * A message as a tree for CBOR: like its JSON form, except that byte arrays stay bytes (a CBOR
 * byte string, so an image is not base64) and non-finite floats stay numbers.
 */
final class CborMessages {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CborMessages() {}

  /**
   * rosbridge's {@code cbor-raw} form of a message: its serialized bytes (ROS 1 serialization, or
   * CDR with its encapsulation header on ROS 2) and the time it is sent on, {@code secs}/{@code nsecs}.
   */
  static ObjectNode raw(ByteString serialized) {
    java.time.Instant now = java.time.Instant.now();
    ObjectNode obj = NODES.objectNode().put("secs", now.getEpochSecond()).put("nsecs", now.getNano());
    obj.set("bytes", NODES.binaryNode(serialized.toArrayUnsafe()));
    return obj;
  }

  static ObjectNode toTree(Message message) {
    ObjectNode obj = NODES.objectNode();
    List<Field> fields = message.type().fields();
    for (int i = 0; i < fields.size(); i++) {
      obj.set(fields.get(i).name(), toTree(fields.get(i).type(), message.get(i)));
    }
    return obj;
  }

  private static JsonNode toTree(FieldType type, Object value) {
    if (type instanceof FieldType.Nested) {
      return toTree((Message) value);
    }
    if (type instanceof FieldType.Array a) {
      if (a.isBytes()) {
        return NODES.binaryNode(((ByteString) value).toArrayUnsafe());
      }
      ArrayNode arr = NODES.arrayNode();
      for (Object element : (List<?>) value) {
        arr.add(toTree(a.element(), element));
      }
      return arr;
    }
    Primitive p = ((FieldType.Builtin) type).primitive();
    return switch (p) {
      case BOOL -> NODES.booleanNode((Boolean) value);
      case STRING -> NODES.textNode((String) value);
      case FLOAT32 -> NODES.numberNode((Float) value);
      case FLOAT64 -> NODES.numberNode((Double) value);
      case UINT64 -> {
        long bits = (Long) value;
        yield bits >= 0 ? NODES.numberNode(bits) : NODES.numberNode(new BigInteger(Long.toUnsignedString(bits)));
      }
      case TIME -> NODES.objectNode().put("secs", ((RosTime) value).secs()).put("nsecs", ((RosTime) value).nsecs());
      case DURATION -> NODES.objectNode().put("secs", ((RosDuration) value).secs()).put("nsecs", ((RosDuration) value).nsecs());
      default -> NODES.numberNode(((Number) value).longValue());
    };
  }
}
