package org.pyros.core.msg;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The description of a message type: its full name ({@code pkg/Name}), fields in definition
 * order, constants, and the source text it came from (empty when built in code).
 *
 * <p>Instances are immutable and safe to share; nested types are held directly, so a type is a
 * tree with everything needed to build, check and serialize its messages.
 */
public final class MessageType {
  private final String name;
  private final List<Field> fields;
  private final List<Constant> constants;
  private final String definition;
  private final Map<String, Integer> indexByName;

  public MessageType(String name, List<Field> fields, List<Constant> constants, String definition) {
    this.name = Objects.requireNonNull(name, "name");
    this.fields = List.copyOf(fields);
    this.constants = List.copyOf(constants);
    this.definition = Objects.requireNonNull(definition, "definition");
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < this.fields.size(); i++) {
      if (index.put(this.fields.get(i).name(), i) != null) {
        throw new IllegalArgumentException(name + ": duplicate field " + this.fields.get(i).name());
      }
    }
    this.indexByName = Map.copyOf(index);
  }

  /** A type with fields only, for types built in code. */
  public static MessageType of(String name, Field... fields) {
    return new MessageType(name, List.of(fields), List.of(), "");
  }

  public String name() {
    return name;
  }

  public List<Field> fields() {
    return fields;
  }

  public List<Constant> constants() {
    return constants;
  }

  /** The .msg text this type was parsed from, or "" when it was built in code. */
  public String definition() {
    return definition;
  }

  /** The position of a field, or -1 when there is no such field. */
  public int indexOf(String fieldName) {
    Integer i = indexByName.get(fieldName);
    return i == null ? -1 : i;
  }

  /** The field of that name; throws {@link MessageFormatException} when there is none. */
  public Field field(String fieldName) {
    int i = indexOf(fieldName);
    if (i < 0) {
      throw new MessageFormatException(fieldName, "no such field in " + name);
    }
    return fields.get(i);
  }

  /** A message of this type with every field at its default (zero, empty, false). */
  public Message defaultMessage() {
    return Message.builder(this).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageType t
        && name.equals(t.name)
        && fields.equals(t.fields)
        && constants.equals(t.constants);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, fields);
  }

  @Override
  public String toString() {
    return "MessageType[" + name + "]";
  }
}
