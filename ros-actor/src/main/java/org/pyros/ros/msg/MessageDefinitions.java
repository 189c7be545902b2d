package org.pyros.ros.msg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Constant;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.MessageType;

/**
 * The {@code message_definition} text ROS sends in connection headers and stores in bags: the
 * type's own text, then for each nested type (depth first, once each) a line of 80 {@code =},
 * {@code MSG: pkg/Type} and that type's text. Builds it, and builds types back from it.
 */
public final class MessageDefinitions {
  /** The separator line between the texts of the types in a definition. */
  public static final String SEPARATOR = "=".repeat(80);

  private MessageDefinitions() {}

  /** The full {@code message_definition} of a type, as genpy's {@code _full_text}. */
  public static String fullText(MessageType type) {
    StringBuilder b = new StringBuilder();
    b.append(textOf(type)).append('\n');
    for (MessageType nested : nestedTypes(type).values()) {
      b.append(SEPARATOR).append('\n');
      b.append("MSG: ").append(nested.name()).append('\n');
      b.append(textOf(nested)).append('\n');
    }
    return b.substring(0, b.length() - 1);
  }

  /** Every type nested in {@code type}, recursively, once each, in genmsg's depth-first order. */
  public static Map<String, MessageType> nestedTypes(MessageType type) {
    Map<String, MessageType> out = new LinkedHashMap<>();
    addNested(type, out, new HashSet<>());
    return out;
  }

  private static void addNested(MessageType type, Map<String, MessageType> out, Set<String> path) {
    if (!path.add(type.name())) {
      throw new PyrosException(ErrorCode.UNKNOWN_TYPE, type.name() + " contains itself");
    }
    for (Field f : type.fields()) {
      FieldType t = f.type() instanceof FieldType.Array a ? a.element() : f.type();
      if (t instanceof FieldType.Nested n) {
        out.putIfAbsent(n.type().name(), n.type());
        addNested(n.type(), out, path);
      }
    }
    path.remove(type.name());
  }

  /** The .msg text of a type; for a type built in code, text made from its fields and constants. */
  public static String textOf(MessageType type) {
    if (!type.definition().isEmpty()) {
      return type.definition();
    }
    StringBuilder b = new StringBuilder();
    for (Constant c : type.constants()) {
      b.append(c.type().rosName()).append(' ').append(c.name()).append('=').append(c.valueText()).append('\n');
    }
    for (Field f : type.fields()) {
      b.append(f.type().rosName()).append(' ').append(f.name()).append('\n');
    }
    return b.toString();
  }

  /**
   * Builds a type, with its nested types, from a {@code message_definition} received from a
   * peer. Nested types missing from the definition are asked of {@code fallback}.
   *
   * @param fullName the type's name, {@code pkg/Name}
   * @throws MessageTextException when a part of the text is not a valid message
   */
  public static MessageType parse(String fullName, String definition, TypeResolver fallback) {
    Map<String, String> texts = split(fullName, definition);
    Map<String, MessageType> built = new HashMap<>();
    List<String> loading = new ArrayList<>();
    TypeResolver[] resolver = new TypeResolver[1];
    resolver[0] = name -> {
      MessageType done = built.get(name);
      if (done != null) {
        return done;
      }
      String text = texts.get(name);
      if (text == null) {
        return fallback.resolve(name);
      }
      if (loading.contains(name)) {
        throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "type " + name + " contains itself: " + loading);
      }
      loading.add(name);
      MessageType t = MessageTextParser.parseMessage(name, text, resolver[0]);
      loading.remove(name);
      built.put(name, t);
      return t;
    };
    return resolver[0].resolve(fullName);
  }

  /** The texts in a definition by type name, the first under {@code fullName}. */
  static Map<String, String> split(String fullName, String definition) {
    Map<String, String> texts = new LinkedHashMap<>();
    String[] parts = definition.split("\n" + SEPARATOR + "\r?\n", -1);
    texts.put(fullName, parts[0]);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int eol = part.indexOf('\n');
      String header = (eol < 0 ? part : part.substring(0, eol)).strip();
      if (!header.startsWith("MSG:")) {
        throw new MessageTextException(fullName, 1 + lineCount(parts, i), header,
            "expected 'MSG: pkg/Type' after a separator line in the message definition");
      }
      String name = header.substring(4).strip();
      MessageTextParser.checkTypeName(name);
      texts.putIfAbsent(name, eol < 0 ? "" : part.substring(eol + 1));
    }
    return texts;
  }

  private static int lineCount(String[] parts, int upTo) {
    int lines = 0;
    for (int i = 0; i < upTo; i++) {
      lines += parts[i].split("\n", -1).length + 1;
    }
    return lines;
  }
}
