package org.pyros.core.msg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Converts messages to and from JSON, the form applications and the command line use.
 *
 * <p>Mapping: a message is an object with one member per field; integers are JSON numbers
 * ({@code uint64} unsigned); non-finite floats are the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}; byte arrays are base64 strings (a list of numbers is
 * also accepted); {@code time} and {@code duration} are {@code {"secs":..,"nsecs":..}}. On
 * input, missing fields keep their defaults and unknown fields are an error.
 */
public final class MessageJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private MessageJson() {}

  /** The message as a JSON tree. */
  public static ObjectNode toJson(Message message) {
    ObjectNode obj = NODES.objectNode();
    List<Field> fields = message.type().fields();
    for (int i = 0; i < fields.size(); i++) {
      obj.set(fields.get(i).name(), toJson(fields.get(i).type(), message.get(i)));
    }
    return obj;
  }

  /** The message as compact JSON text. */
  public static String toJsonString(Message message) {
    return toJson(message).toString();
  }

  /**
   * Parses JSON text into a message of {@code type}.
   *
   * @throws MessageFormatException when the text is not JSON or a field does not fit
   */
  public static Message fromJson(MessageType type, String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MessageFormatException("", "not valid JSON: " + e.getOriginalMessage());
    }
    return fromJson(type, node);
  }

  /** Builds a message of {@code type} from a JSON tree. */
  public static Message fromJson(MessageType type, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return type.defaultMessage();
    }
    if (!node.isObject()) {
      throw new MessageFormatException("", "expected a JSON object for " + type.name() + ", got " + node.getNodeType());
    }
    Object[] values = new Object[type.fields().size()];
    for (int i = 0; i < values.length; i++) {
      Field f = type.fields().get(i);
      JsonNode v = node.get(f.name());
      try {
        values[i] = v == null ? FieldValues.defaultValue(f.type()) : fromJson(f.type(), v);
      } catch (MessageFormatException e) {
        throw e.fieldPath().isEmpty() ? new MessageFormatException(f.name(), tail(e)) : e.under(f.name());
      }
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (type.indexOf(name) < 0) {
        throw new MessageFormatException(name, "no such field in " + type.name());
      }
    }
    return Message.ofTrusted(type, values);
  }

  private static JsonNode toJson(FieldType type, Object value) {
    if (type instanceof FieldType.Nested) {
      return toJson((Message) value);
    }
    if (type instanceof FieldType.Array a) {
      if (a.isBytes()) {
        return NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toArrayUnsafe()));
      }
      ArrayNode arr = NODES.arrayNode();
      for (Object element : (List<?>) value) {
        arr.add(toJson(a.element(), element));
      }
      return arr;
    }
    Primitive p = ((FieldType.Builtin) type).primitive();
    switch (p) {
      case BOOL:
        return NODES.booleanNode((Boolean) value);
      case STRING:
        return NODES.textNode((String) value);
      case FLOAT32:
      case FLOAT64:
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          return NODES.textNode(Double.toString(d));
        }
        return p == Primitive.FLOAT32 ? NODES.numberNode((Float) value) : NODES.numberNode(d);
      case UINT64:
        long bits = (Long) value;
        return bits >= 0 ? NODES.numberNode(bits) : NODES.numberNode(new BigInteger(Long.toUnsignedString(bits)));
      case TIME:
        RosTime t = (RosTime) value;
        return NODES.objectNode().put("secs", t.secs()).put("nsecs", t.nsecs());
      case DURATION:
        RosDuration dur = (RosDuration) value;
        return NODES.objectNode().put("secs", dur.secs()).put("nsecs", dur.nsecs());
      default:
        return NODES.numberNode(((Number) value).longValue());
    }
  }

  private static Object fromJson(FieldType type, JsonNode v) {
    if (type instanceof FieldType.Nested n) {
      return fromJson(n.type(), v);
    }
    if (type instanceof FieldType.Array a) {
      if (a.isBytes() && v.isTextual()) {
        try {
          return FieldValues.normalize("", a, Base64.getDecoder().decode(v.textValue()));
        } catch (IllegalArgumentException e) {
          if (e instanceof MessageFormatException) {
            throw e;
          }
          throw new MessageFormatException("", "not valid base64: " + e.getMessage());
        }
      }
      if (!v.isArray()) {
        throw new MessageFormatException("", "expected a JSON array for " + a.rosName() + ", got " + v.getNodeType());
      }
      List<Object> out = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        try {
          out.add(fromJson(a.element(), v.get(i)));
        } catch (MessageFormatException e) {
          throw e.fieldPath().isEmpty() ? new MessageFormatException("[" + i + "]", tail(e)) : e.under("[" + i + "]");
        }
      }
      return FieldValues.normalize("", a, out);
    }
    Primitive p = ((FieldType.Builtin) type).primitive();
    switch (p) {
      case BOOL:
        if (v.isBoolean()) {
          return v.booleanValue();
        }
        break;
      case STRING:
        if (v.isTextual()) {
          return v.textValue();
        }
        break;
      case FLOAT32:
      case FLOAT64:
        if (v.isNumber() || v.isTextual() && isNonFinite(v.textValue())) {
          double d = v.isNumber() ? v.doubleValue() : Double.parseDouble(v.textValue());
          return p == Primitive.FLOAT32 ? (Object) (float) d : (Object) d;
        }
        break;
      case TIME:
        if (v.isObject()) {
          return new RosTime(longMember(v, "secs"), longMember(v, "nsecs"));
        }
        break;
      case DURATION:
        if (v.isObject()) {
          return new RosDuration((int) longMember(v, "secs"), (int) longMember(v, "nsecs"));
        }
        break;
      default:
        if (v.isIntegralNumber()) {
          return FieldValues.normalize("", type, v.bigIntegerValue());
        }
    }
    throw new MessageFormatException("", "expected " + p.rosName() + ", got " + v.getNodeType() + " " + v);
  }

  private static boolean isNonFinite(String s) {
    return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
  }

  private static long longMember(JsonNode obj, String name) {
    JsonNode n = obj.get(name);
    if (n == null || !n.isIntegralNumber()) {
      throw new MessageFormatException(name, "expected an integer");
    }
    return n.longValue();
  }

  private static String tail(MessageFormatException e) {
    String m = e.getMessage();
    return m.substring(m.indexOf("': ") + 3);
  }

  /** Converts a plain JSON tree to Java values (for params): maps, lists, strings, numbers, booleans. */
  public static Object toPlain(JsonNode node) {
    return MAPPER.convertValue(node, Object.class);
  }

  /** Converts Java values (maps, lists, strings, numbers, booleans) to a JSON tree. */
  public static JsonNode fromPlain(Object value) {
    return MAPPER.valueToTree(value);
  }
}
