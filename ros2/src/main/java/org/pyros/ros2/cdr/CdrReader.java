package org.pyros.ros2.cdr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Reads XCDR1 (plain CDR) in either byte order, strictly: every read is checked against the
 * bytes left, every count before anything is allocated; failures are
 * {@link CdrFormatException}s. Alignment counts from the first byte after the encapsulation
 * header. Reads with absolute gets, so read-only and direct buffers work; not thread-safe.
 */
public final class CdrReader {
  private final ByteBuffer in;
  /** The immutable bytes {@code in} reads, when known: byte arrays are then slices of it, not copies. */
  private final ByteString shared;
  private final int origin;
  private int pos;

  private CdrReader(ByteBuffer in, ByteString shared, int origin) {
    this.in = in;
    this.shared = shared;
    this.origin = origin;
    this.pos = origin;
  }

  /**
   * A reader of a serialized payload (the remaining bytes of {@code payload}, whose position is
   * not moved): the encapsulation header (CDR_BE or CDR_LE, options ignored), then the data.
   *
   * @throws CdrFormatException when there is no header or it is not plain CDR
   */
  public static CdrReader ofPayload(ByteBuffer payload) {
    return ofPayload(payload.slice(), null);
  }

  /**
   * A reader of an immutable serialized payload. Byte arrays read from it share its bytes instead of
   * copying them (a decoded image keeps the whole payload alive while it lives).
   *
   * @throws CdrFormatException when there is no header or it is not plain CDR
   */
  public static CdrReader ofPayload(ByteString payload) {
    return ofPayload(payload.asByteBuffer().slice(), payload);
  }

  private static CdrReader ofPayload(ByteBuffer b, ByteString shared) {
    if (b.remaining() < CdrWriter.HEADER_SIZE) {
      throw new CdrFormatException("payload of " + b.remaining() + " bytes has no 4-byte encapsulation header");
    }
    int id = ((b.get(0) & 0xFF) << 8) | (b.get(1) & 0xFF);
    if (id == CdrWriter.CDR_LE) {
      b.order(ByteOrder.LITTLE_ENDIAN);
    } else if (id == CdrWriter.CDR_BE) {
      b.order(ByteOrder.BIG_ENDIAN);
    } else {
      throw new CdrFormatException(String.format("encapsulation 0x%04x is not plain CDR (CDR_BE 0x0000, CDR_LE 0x0001)", id));
    }
    return new CdrReader(b, shared, CdrWriter.HEADER_SIZE);
  }

  /** A reader of bare CDR data (no header) in that byte order; alignment counts from its start. */
  public static CdrReader ofData(ByteBuffer data, ByteOrder order) {
    return new CdrReader(data.slice().order(order), null, 0);
  }

  public ByteOrder order() {
    return in.order();
  }

  /** Bytes not read yet. */
  public int remaining() {
    return in.limit() - pos;
  }

  /** Skips padding to a multiple of {@code n} from the start of the data. */
  public void align(int n) {
    int pad = -(pos - origin) & (n - 1);
    need(pad);
    pos += pad;
  }

  /** A bool: one byte, 0 or 1. */
  public boolean readBool() {
    need(1);
    byte b = in.get(pos++);
    if (b == 0 || b == 1) {
      return b == 1;
    }
    throw new CdrFormatException("bool byte " + (b & 0xFF) + " is neither 0 nor 1");
  }

  public int readInt8() {
    need(1);
    return in.get(pos++);
  }

  public int readUInt8() {
    need(1);
    return in.get(pos++) & 0xFF;
  }

  public int readInt16() {
    align(2);
    need(2);
    short v = in.getShort(pos);
    pos += 2;
    return v;
  }

  public int readUInt16() {
    return readInt16() & 0xFFFF;
  }

  public int readInt32() {
    align(4);
    need(4);
    int v = in.getInt(pos);
    pos += 4;
    return v;
  }

  public long readUInt32() {
    return readInt32() & 0xFFFF_FFFFL;
  }

  /** int64 or uint64 (the same 64 bits). */
  public long readInt64() {
    align(8);
    need(8);
    long v = in.getLong(pos);
    pos += 8;
    return v;
  }

  public float readFloat32() {
    return Float.intBitsToFloat(readInt32());
  }

  public double readFloat64() {
    return Double.longBitsToDouble(readInt64());
  }

  /**
   * A sequence count, checked so that {@code count * minElementBytes} fits in the bytes left
   * (nothing is allocated for a count the input cannot hold).
   */
  public int readCount(long minElementBytes) {
    long count = readUInt32();
    long needed = ElementCodecs.saturatedMultiply(count, Math.max(0, minElementBytes));
    if (needed > remaining()) {
      throw new CdrFormatException("count " + count + " needs at least " + needed + " bytes, only " + remaining() + " left");
    }
    if (count > Integer.MAX_VALUE - 16) {
      throw new CdrFormatException("count " + count + " is too large");
    }
    return (int) count;
  }

  /**
   * A string: uint32 length counting the NUL, then the bytes and the NUL. Invalid UTF-8 is
   * replaced with U+FFFD, as Pyros reads ROS 1 strings.
   *
   * @param maxBytes the bound in bytes without the NUL, or -1
   */
  public String readString(int maxBytes) {
    long length = readUInt32();
    if (length == 0) {
      throw new CdrFormatException("string length 0: a CDR string has at least its NUL");
    }
    if (length > remaining()) {
      throw new CdrFormatException("string length " + length + " is larger than the " + remaining() + " bytes left");
    }
    if (maxBytes >= 0 && length - 1 > maxBytes) {
      throw new CdrFormatException("string of " + (length - 1) + " bytes exceeds its bound " + maxBytes);
    }
    int n = (int) length - 1;
    if (in.get(pos + n) != 0) {
      throw new CdrFormatException("string of length " + length + " does not end with NUL");
    }
    String s;
    if (in.hasArray()) {
      s = new String(in.array(), in.arrayOffset() + pos, n, StandardCharsets.UTF_8);
    } else {
      byte[] copy = new byte[n];
      in.get(pos, copy);
      s = new String(copy, StandardCharsets.UTF_8);
    }
    pos += n + 1;
    // Each invalid byte becomes U+FFFD (3 bytes in UTF-8): the string must still fit its bound
    // so that what is decoded can be sent again.
    if (maxBytes >= 0 && s.indexOf('\uFFFD') >= 0 && s.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new CdrFormatException("string of " + n + " bytes is not valid UTF-8 and exceeds its bound " + maxBytes
          + " once its invalid bytes are replaced with U+FFFD");
    }
    return s;
  }

  /**
   * A wstring as ROS 2's RMWs write it in XCDR1: uint32 count of UTF-16 units, then each unit as
   * a 4-byte wchar (a value above 0xFFFF is refused).
   *
   * @param maxUnits the bound in UTF-16 units, or -1
   */
  public String readWString(int maxUnits) {
    int n = readCount(4);
    if (maxUnits >= 0 && n > maxUnits) {
      throw new CdrFormatException("wstring of " + n + " characters exceeds its bound " + maxUnits);
    }
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      int unit = in.getInt(pos);
      pos += 4;
      if ((unit & 0xFFFF_0000) != 0) {
        throw new CdrFormatException("wstring character " + i + " is 0x" + Integer.toHexString(unit) + ", not a UTF-16 unit");
      }
      out[i] = (char) unit;
    }
    return new String(out);
  }

  /** {@code n} raw bytes, copied once into a new ByteString. */
  public ByteString readBytes(int n) {
    need(n);
    if (shared != null) {
      ByteString slice = shared.slice(pos, pos + n);
      pos += n;
      return slice;
    }
    byte[] copy = new byte[n];
    in.get(pos, copy);
    pos += n;
    return ByteString.fromArrayUnsafe(copy);
  }

  private void need(int bytes) {
    if (bytes > in.limit() - pos) {
      throw new CdrFormatException("truncated: needs " + bytes + " bytes, only " + (in.limit() - pos) + " left");
    }
  }
}
