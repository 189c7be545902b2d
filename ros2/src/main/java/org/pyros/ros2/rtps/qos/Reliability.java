package org.pyros.ros2.rtps.qos;

/** RELIABILITY QoS kinds, with their values on the wire (PID_RELIABILITY). */
public enum Reliability {
  BEST_EFFORT(1),
  RELIABLE(2);

  private final int wireValue;

  Reliability(int wireValue) {
    this.wireValue = wireValue;
  }

  public int wireValue() {
    return wireValue;
  }

  public static Reliability fromWire(int value) {
    return value == 2 ? RELIABLE : BEST_EFFORT;
  }
}
