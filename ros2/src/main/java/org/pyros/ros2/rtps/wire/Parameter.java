package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;

/**
 * One entry of a parameter list: a parameter id ({@link ParameterId}) and its value bytes, a
 * read-only view in the list's byte order (padding to 4 bytes included as sent).
 */
public record Parameter(int id, ByteBuffer value) {
  public Parameter {
    value = value.asReadOnlyBuffer().order(value.order());
  }

  /** A fresh view of the value, positioned at its start. */
  public ByteBuffer view() {
    return value.duplicate().order(value.order());
  }
}
