package org.pyros.gateway.rosbridge;

/** rosbridge status levels; {@code set_level} chooses the least severe one a client receives. */
enum StatusLevel {
  INFO("info"), WARNING("warning"), ERROR("error"), NONE("none");

  private final String wireName;

  StatusLevel(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  /** The level named {@code name}, or null for an unknown name. */
  static StatusLevel of(String name) {
    for (StatusLevel l : values()) {
      if (l.wireName.equals(name)) {
        return l;
      }
    }
    return null;
  }

  /** True when a message of this level is sent to a client that set {@code threshold}. */
  boolean passes(StatusLevel threshold) {
    return this != NONE && ordinal() >= threshold.ordinal();
  }
}
