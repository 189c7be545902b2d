package org.pyros.ros2.rtps.wire;

/**
 * The receiver's state (DDS-RTPS 8.3.4) when a submessage was read: who sent it (the header's
 * prefix, or the last INFO_SRC's), whom it is for (the last INFO_DST's prefix;
 * {@link GuidPrefix#UNKNOWN} when none named a participant, which means "whoever received it"),
 * the source timestamp of the last INFO_TS ({@code null} when there is none or it was
 * invalidated) and the sender's vendor id.
 */
public record ReceiveContext(GuidPrefix source, GuidPrefix destination, Timestamp timestamp, int vendorId) {

  /** True when the submessage is for the participant {@code local}: named it, or named nobody. */
  public boolean isFor(GuidPrefix local) {
    return destination.equals(GuidPrefix.UNKNOWN) || destination.equals(local);
  }
}
