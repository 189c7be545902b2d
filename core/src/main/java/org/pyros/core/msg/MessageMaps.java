package org.pyros.core.msg;

import java.util.Map;

/**
 * Builds messages from plain Java maps: field name to value, a nested {@code Map} for a nested
 * message, a {@code List} for an array (of maps for an array of messages). Values are converted
 * as {@link Message.Builder#set} converts them; fields not given keep their defaults.
 */
final class MessageMaps {
  private MessageMaps() {}

  /** The message of {@code type} that {@code fields} describes; {@code path} prefixes error paths. */
  static Message toMessage(String path, MessageType type, Map<?, ?> fields) {
    Object[] values = new Object[type.fields().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = FieldValues.defaultValue(type.fields().get(i).type());
    }
    for (Map.Entry<?, ?> e : fields.entrySet()) {
      if (!(e.getKey() instanceof String name)) {
        throw new MessageFormatException(path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey(),
            "field names must be strings, got " + FieldValues.describe(e.getKey()));
      }
      String at = path.isEmpty() ? name : path + "." + name;
      int i = type.indexOf(name);
      if (i < 0) {
        throw new MessageFormatException(at, "no such field in " + type.name());
      }
      values[i] = FieldValues.normalize(at, type.fields().get(i).type(), e.getValue());
    }
    return Message.ofTrusted(type, values);
  }
}
