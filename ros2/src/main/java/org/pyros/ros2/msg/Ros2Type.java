package org.pyros.ros2.msg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.FieldValues;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;

/**
 * A ROS 2 message type: the core {@link MessageType} (what {@link Message}s, JSON and the node
 * work with) and, field by field in the same order, what ROS 2 adds: string and sequence
 * bounds, {@code wstring}, default values. Immutable; nested types are held directly.
 */
public record Ros2Type(MessageType messageType, List<Ros2Field> fields) {
  public Ros2Type {
    Objects.requireNonNull(messageType, "messageType");
    fields = List.copyOf(fields);
    if (fields.size() != messageType.fields().size()) {
      throw new IllegalArgumentException(messageType.name() + ": " + fields.size() + " ROS 2 fields for "
          + messageType.fields().size() + " core fields");
    }
  }

  /** The type's name, {@code pkg/msg/Name}. */
  public String name() {
    return messageType.name();
  }

  /**
   * A type for a core type built in code: no bounds, no defaults. Its {@code TIME} and
   * {@code DURATION} fields have no ROS 2 form and are refused.
   */
  public static Ros2Type of(MessageType type) {
    List<Ros2Field> out = new ArrayList<>();
    for (Field f : type.fields()) {
      FieldType element = f.type() instanceof FieldType.Array a ? a.element() : f.type();
      Ros2Type nested = null;
      if (element instanceof FieldType.Nested n) {
        nested = of(n.type());
      } else {
        Primitive p = ((FieldType.Builtin) element).primitive();
        if (p == Primitive.TIME || p == Primitive.DURATION) {
          throw new IllegalArgumentException(type.name() + "." + f.name() + ": " + p.rosName()
              + " is a ROS 1 type; ROS 2 uses builtin_interfaces/msg/Time and Duration");
        }
      }
      out.add(new Ros2Field(f, f.type().rosName(), false, -1, -1, nested, null));
    }
    return new Ros2Type(type, out);
  }

  /** A message with every field at the definition's default, or zero, empty, false. */
  public Message defaultMessage() {
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      Ros2Field f = fields.get(i);
      if (f.defaultValue() != null) {
        values[i] = f.defaultValue();
      } else if (f.nested() != null) {
        Message nestedDefault = f.nested().defaultMessage();
        if (f.field().type() instanceof FieldType.Array a) {
          values[i] = a.isFixed() ? Collections.nCopies(a.fixedLength(), nestedDefault) : List.of();
        } else {
          values[i] = nestedDefault;
        }
      } else {
        values[i] = FieldValues.defaultValue(f.field().type());
      }
    }
    return Message.ofTrusted(messageType, values);
  }

  @Override
  public String toString() {
    return "Ros2Type[" + name() + "]";
  }
}
