package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 4-byte header that begins every serialized payload (DDS-RTPS 10, DDS-XTypes 7.6.3.1.2):
 * the representation identifier (two octets, big endian whatever the data's byte order) and two
 * octets of options, whose lowest two bits count the padding bytes at the end of the payload.
 */
public record Encapsulation(int kind, int options) {
  public static final int LENGTH = 4;
  public static final int CDR_BE = 0x0000;
  public static final int CDR_LE = 0x0001;
  public static final int PL_CDR_BE = 0x0002;
  public static final int PL_CDR_LE = 0x0003;
  public static final int CDR2_BE = 0x0006;
  public static final int CDR2_LE = 0x0007;
  public static final int D_CDR2_BE = 0x0008;
  public static final int D_CDR2_LE = 0x0009;
  public static final int PL_CDR2_BE = 0x000a;
  public static final int PL_CDR2_LE = 0x000b;

  public static final Encapsulation CDR_LITTLE_ENDIAN = new Encapsulation(CDR_LE, 0);
  public static final Encapsulation PL_CDR_LITTLE_ENDIAN = new Encapsulation(PL_CDR_LE, 0);

  /** Reads the header at the buffer's position and moves past it. */
  public static Encapsulation read(ByteBuffer in) {
    if (in.remaining() < LENGTH) {
      throw new RtpsFormatException("serialized payload of " + in.remaining() + " bytes has no encapsulation header");
    }
    int kind = ((in.get() & 0xff) << 8) | (in.get() & 0xff);
    int options = ((in.get() & 0xff) << 8) | (in.get() & 0xff);
    return new Encapsulation(kind, options);
  }

  public void write(ByteBuffer out) {
    out.put((byte) (kind >>> 8)).put((byte) kind).put((byte) (options >>> 8)).put((byte) options);
  }

  /** The byte order of the data that follows: little endian for every odd identifier. */
  public ByteOrder byteOrder() {
    return (kind & 1) != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
  }

  /** True for PL_CDR_BE and PL_CDR_LE, the encapsulations of discovery data. */
  public boolean isParameterList() {
    return kind == PL_CDR_BE || kind == PL_CDR_LE;
  }

  /** Padding bytes at the end of the payload, as the options say. */
  public int paddingBytes() {
    return options & 0x3;
  }

  /**
   * Reads a PL_CDR payload (discovery data, a dispose's key): the header, then the parameter
   * list in the byte order it names. Does not move {@code payload}'s position.
   *
   * @throws RtpsFormatException when the payload is not a well-formed PL_CDR parameter list
   */
  public static ParameterList readParameterList(ByteBuffer payload) {
    ByteBuffer b = payload.duplicate();
    Encapsulation e = read(b);
    if (!e.isParameterList()) {
      throw new RtpsFormatException(String.format("payload encapsulation 0x%04x is not PL_CDR", e.kind));
    }
    return ParameterLists.read(b, e.byteOrder());
  }
}
