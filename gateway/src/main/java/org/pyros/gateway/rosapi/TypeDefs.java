package org.pyros.gateway.rosapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pyros.core.msg.Constant;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.MessageType;

/**
 * A message type as rosapi describes it: {@code message_details}' typedefs (one per type used,
 * the type first) and the full definition text of {@code topics_and_raw_types}.
 */
final class TypeDefs {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String SEPARATOR = "=".repeat(80);

  private TypeDefs() {}

  /** The type and every type nested in it, each once, the type first. */
  static Map<String, MessageType> closure(MessageType type) {
    Map<String, MessageType> out = new LinkedHashMap<>();
    add(type, out);
    return out;
  }

  private static void add(MessageType type, Map<String, MessageType> out) {
    if (out.putIfAbsent(type.name(), type) != null) {
      return;
    }
    for (Field f : type.fields()) {
      MessageType nested = nested(f.type());
      if (nested != null) {
        add(nested, out);
      }
    }
  }

  private static MessageType nested(FieldType t) {
    if (t instanceof FieldType.Nested n) {
      return n.type();
    }
    return t instanceof FieldType.Array a && a.element() instanceof FieldType.Nested n ? n.type() : null;
  }

  /** rosapi's TypeDef list. */
  static ArrayNode typedefs(MessageType type) {
    ArrayNode list = NODES.arrayNode();
    for (MessageType t : closure(type).values()) {
      ObjectNode d = list.addObject();
      d.put("type", t.name());
      ArrayNode names = d.putArray("fieldnames");
      ArrayNode types = d.putArray("fieldtypes");
      ArrayNode lengths = d.putArray("fieldarraylen");
      ArrayNode examples = d.putArray("examples");
      for (Field f : t.fields()) {
        names.add(f.name());
        FieldType ft = f.type();
        if (ft instanceof FieldType.Array a) {
          types.add(a.element().rosName());
          lengths.add(a.isFixed() ? a.fixedLength() : 0);
          examples.add("[]");
        } else {
          types.add(ft.rosName());
          lengths.add(-1);
          examples.add(ft instanceof FieldType.Nested ? "{}" : example(ft.rosName()));
        }
      }
      ArrayNode constNames = d.putArray("constnames");
      ArrayNode constValues = d.putArray("constvalues");
      for (Constant c : t.constants()) {
        constNames.add(c.name());
        constValues.add(c.valueText());
      }
    }
    return list;
  }

  private static String example(String builtin) {
    return switch (builtin) {
      case "bool" -> "False";
      case "string" -> "";
      case "float32", "float64" -> "0.0";
      case "time", "duration" -> "{}";
      default -> "0";
    };
  }

  /** The full definition: the type's text, then each nested type's after a separator line. */
  static String fullText(MessageType type) {
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (MessageType t : closure(type).values()) {
      if (!first) {
        out.append('\n').append(SEPARATOR).append("\nMSG: ").append(t.name()).append('\n');
      }
      out.append(text(t));
      first = false;
    }
    return out.toString();
  }

  private static String text(MessageType t) {
    if (!t.definition().isEmpty()) {
      return t.definition();
    }
    StringBuilder out = new StringBuilder();
    for (Constant c : t.constants()) {
      out.append(c.type().rosName()).append(' ').append(c.name()).append('=').append(c.valueText()).append('\n');
    }
    for (Field f : t.fields()) {
      out.append(f.type().rosName()).append(' ').append(f.name()).append('\n');
    }
    return out.toString();
  }
}
