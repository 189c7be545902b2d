package org.pyros.ros2.rtps.wire;

/** Submessage ids and flag bits on the wire (DDS-RTPS 9.4.5.1.1). */
public final class SubmessageId {
  public static final int PAD = 0x01;
  public static final int ACKNACK = 0x06;
  public static final int HEARTBEAT = 0x07;
  public static final int GAP = 0x08;
  public static final int INFO_TS = 0x09;
  public static final int INFO_SRC = 0x0c;
  public static final int INFO_REPLY_IP4 = 0x0d;
  public static final int INFO_DST = 0x0e;
  public static final int INFO_REPLY = 0x0f;
  public static final int NACK_FRAG = 0x12;
  public static final int HEARTBEAT_FRAG = 0x13;
  public static final int DATA = 0x15;
  public static final int DATA_FRAG = 0x16;
  /** Ids from here on are vendor specific: a receiver skips those it does not know. */
  public static final int FIRST_VENDOR_SPECIFIC = 0x80;

  /** Every submessage: byte order of its contents (set: little endian). */
  public static final int FLAG_ENDIANNESS = 0x01;
  /** ACKNACK, HEARTBEAT: no response required / final. */
  public static final int FLAG_FINAL = 0x02;
  /** HEARTBEAT: liveliness. */
  public static final int FLAG_LIVELINESS = 0x04;
  /** INFO_TS: the timestamp is invalidated (none follows). */
  public static final int FLAG_INVALIDATE = 0x02;
  /** DATA, DATA_FRAG: inline QoS present. */
  public static final int FLAG_INLINE_QOS = 0x02;
  /** DATA: serialized data follows. */
  public static final int FLAG_DATA = 0x04;
  /** DATA: the serialized key follows instead of data. */
  public static final int FLAG_KEY = 0x08;
  /** DATA_FRAG: the fragments are of the serialized key. */
  public static final int FLAG_FRAG_KEY = 0x04;

  private SubmessageId() {}
}
