package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Decodes the value of one parameter (in its list's byte order), each length checked against
 * the value's bytes before anything is allocated.
 */
public final class ParameterValues {
  private ParameterValues() {}

  /** The 32-bit integer at the start of the value. */
  public static int int32(Parameter p) {
    return need(p, 4).getInt();
  }

  /** The first octet of the value as a boolean (PID_EXPECTS_INLINE_QOS and the like). */
  public static boolean bool(Parameter p) {
    return need(p, 1).get() != 0;
  }

  public static Guid guid(Parameter p) {
    return Guid.read(need(p, Guid.LENGTH));
  }

  public static Locator locator(Parameter p) {
    return Locator.read(need(p, Locator.LENGTH));
  }

  public static Duration duration(Parameter p) {
    return WireDuration.read(need(p, WireDuration.LENGTH));
  }

  /** A CDR string: uint32 length counting the terminating NUL, then the bytes (UTF-8). */
  public static String string(Parameter p) {
    ByteBuffer v = need(p, 4);
    int length = v.getInt();
    if (length < 0 || length > v.remaining()) {
      throw new RtpsFormatException(name(p) + ": string of " + (length & 0xffffffffL) + " bytes in " + v.remaining());
    }
    int chars = length > 0 && v.get(v.position() + length - 1) == 0 ? length - 1 : length;
    byte[] b = new byte[chars];
    v.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A CDR sequence of octets: uint32 count, then the bytes. */
  public static byte[] octets(Parameter p) {
    ByteBuffer v = need(p, 4);
    int length = v.getInt();
    if (length < 0 || length > v.remaining()) {
      throw new RtpsFormatException(name(p) + ": " + (length & 0xffffffffL) + " octets in " + v.remaining());
    }
    byte[] b = new byte[length];
    v.get(b);
    return b;
  }

  /** The value, positioned at its start, after checking it has at least {@code n} bytes. */
  public static ByteBuffer need(Parameter p, int n) {
    ByteBuffer v = p.view();
    if (v.remaining() < n) {
      throw new RtpsFormatException(name(p) + ": " + v.remaining() + " bytes, at least " + n + " expected");
    }
    return v;
  }

  private static String name(Parameter p) {
    return String.format("parameter 0x%04x", p.id());
  }
}
