package org.pyros.ros2.rtps.qos;

/** DURABILITY QoS kinds, ordered as the spec orders them for matching, with their wire values. */
public enum Durability {
  VOLATILE(0),
  TRANSIENT_LOCAL(1),
  TRANSIENT(2),
  PERSISTENT(3);

  private final int wireValue;

  Durability(int wireValue) {
    this.wireValue = wireValue;
  }

  public int wireValue() {
    return wireValue;
  }

  public static Durability fromWire(int value) {
    for (Durability d : values()) {
      if (d.wireValue == value) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown durability kind " + value);
  }
}
