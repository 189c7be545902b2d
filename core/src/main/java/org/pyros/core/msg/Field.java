package org.pyros.core.msg;

import java.util.Objects;

/** A named, typed field of a message, in definition order. */
public record Field(String name, FieldType type) {
  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
