package org.pyros.bridge;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/** A type pair the bridge cannot translate: the message names the type and the field. */
public final class UnmappableTypeException extends PyrosException {
  private final String field;

  UnmappableTypeException(String sourceType, String targetType, String field, String why) {
    super(ErrorCode.UNKNOWN_TYPE, sourceType + " -> " + targetType + ": field " + (field.isEmpty() ? "(type)" : field) + " " + why);
    this.field = field;
  }

  /** The path of the field that cannot be mapped (e.g. {@code header.seq}), or "" for the whole type. */
  public String field() {
    return field;
  }
}
