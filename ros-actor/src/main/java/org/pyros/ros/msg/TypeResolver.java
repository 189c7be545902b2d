package org.pyros.ros.msg;

import org.pyros.core.msg.MessageType;

/** Finds a message type by its full name ({@code pkg/Name}), for nested fields while parsing. */
@FunctionalInterface
public interface TypeResolver {

  /**
   * The type of that full name.
   *
   * @throws org.pyros.core.error.PyrosException with {@code UNKNOWN_TYPE} when there is none
   */
  MessageType resolve(String fullName);

  /** A resolver that knows no type at all. */
  static TypeResolver none() {
    return name -> {
      throw new org.pyros.core.error.PyrosException(
          org.pyros.core.error.ErrorCode.UNKNOWN_TYPE, "unknown message type '" + name + "'");
    };
  }
}
