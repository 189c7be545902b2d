package org.pyros.ros2.msg;

import java.util.Objects;
import org.pyros.core.msg.Field;

/**
 * One field of a ROS 2 type: the core {@link Field} and what core's model has no room for.
 *
 * @param field the core field (name and type as a {@code Message} holds it)
 * @param writtenType the type as the definition writes it, e.g. {@code string<=8[<=3]}
 * @param wide true for {@code wstring} (held as a Java String, sent as UTF-16)
 * @param stringBound the most bytes ({@code string}) or UTF-16 units ({@code wstring}) a string
 *     element may have, or -1 when unbounded
 * @param sequenceBound the most elements of a bounded sequence ({@code T[<=N]}), or -1
 * @param nested the ROS 2 type of a nested element, or null for builtins
 * @param defaultValue the default the definition gives, already in the class a message holds, or
 *     null when it gives none
 */
public record Ros2Field(Field field, String writtenType, boolean wide, int stringBound, int sequenceBound,
    Ros2Type nested, Object defaultValue) {
  public Ros2Field {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(writtenType, "writtenType");
  }

  /** The field's name. */
  public String name() {
    return field.name();
  }
}
