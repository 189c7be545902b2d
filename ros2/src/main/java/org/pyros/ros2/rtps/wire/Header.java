package org.pyros.ros2.rtps.wire;

/**
 * The 20-byte header of every RTPS message: "RTPS", protocol version (major, minor), vendor id,
 * and the sending participant's GUID prefix.
 */
public record Header(int majorVersion, int minorVersion, int vendorId, GuidPrefix guidPrefix) {
  public static final int LENGTH = 20;
  /** Pyros speaks RTPS 2.3 (what Fast DDS 2.9 announces; Cyclone 0.10 announces 2.1 and reads 2.3). */
  public static final int MAJOR = 2;
  public static final int MINOR = 3;
  /**
   * The vendor id Pyros sends. OMG assigns vendor ids; Pyros has none, so it uses one that no
   * vendor in the OMG list holds, and peers treat it as a generic implementation.
   */
  public static final int PYROS_VENDOR_ID = 0x01ff;

  public static Header pyros(GuidPrefix prefix) {
    return new Header(MAJOR, MINOR, PYROS_VENDOR_ID, prefix);
  }
}
