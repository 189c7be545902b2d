package org.pyros.ros2.cdr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pekko.util.ByteString;

/**
 * Writes XCDR1 (plain CDR, as ROS 2's RMWs send "final" types): the 4-byte encapsulation header,
 * then values, each primitive aligned to its size (at most 8) counted from the first byte after
 * the header. Padding is zero. Grows as needed; not thread-safe.
 */
public final class CdrWriter {
  /** Encapsulation identifier of big-endian plain CDR. */
  public static final int CDR_BE = 0x0000;
  /** Encapsulation identifier of little-endian plain CDR. */
  public static final int CDR_LE = 0x0001;
  /** Bytes of the encapsulation header. */
  public static final int HEADER_SIZE = 4;

  private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final ByteOrder order;
  private final VarHandle shorts;
  private final VarHandle ints;
  private final VarHandle longs;
  private byte[] buf;
  private int pos;

  /** A little-endian writer (CDR_LE), as Pyros sends. */
  public CdrWriter() {
    this(ByteOrder.LITTLE_ENDIAN, 256);
  }

  /** A writer in that byte order, its header written, with room for {@code capacity} bytes to start. */
  public CdrWriter(ByteOrder order, int capacity) {
    this.order = order;
    boolean little = order == ByteOrder.LITTLE_ENDIAN;
    this.shorts = little ? SHORT_LE : SHORT_BE;
    this.ints = little ? INT_LE : INT_BE;
    this.longs = little ? LONG_LE : LONG_BE;
    this.buf = new byte[Math.max(16, capacity)];
    buf[0] = 0;
    buf[1] = (byte) (little ? CDR_LE : CDR_BE);
    pos = HEADER_SIZE;
  }

  public ByteOrder order() {
    return order;
  }

  /** Bytes written so far, header included. */
  public int size() {
    return pos;
  }

  /** Pads with zeros to a multiple of {@code n} (1, 2, 4 or 8) from the end of the header. */
  public void align(int n) {
    int pad = -(pos - HEADER_SIZE) & (n - 1);
    if (pad != 0) {
      ensure(pad);
      pos += pad; // the buffer is zero where nothing was written
    }
  }

  public void writeBool(boolean v) {
    ensure(1);
    buf[pos++] = (byte) (v ? 1 : 0);
  }

  /** One byte: int8, uint8, byte, char. */
  public void writeInt8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
  }

  /** int16 or uint16, aligned. */
  public void writeInt16(int v) {
    align(2);
    ensure(2);
    shorts.set(buf, pos, (short) v);
    pos += 2;
  }

  /** int32 or uint32, aligned. */
  public void writeInt32(int v) {
    align(4);
    ensure(4);
    ints.set(buf, pos, v);
    pos += 4;
  }

  /** int64 or uint64, aligned. */
  public void writeInt64(long v) {
    align(8);
    ensure(8);
    longs.set(buf, pos, v);
    pos += 8;
  }

  public void writeFloat32(float v) {
    writeInt32(Float.floatToRawIntBits(v));
  }

  public void writeFloat64(double v) {
    writeInt64(Double.doubleToRawLongBits(v));
  }

  /** A string: uint32 length counting the NUL, the UTF-8 bytes, NUL. */
  public void writeString(String s) {
    writeStringBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A string already in UTF-8. */
  public void writeStringBytes(byte[] utf8) {
    writeInt32(utf8.length + 1);
    ensure(utf8.length + 1);
    System.arraycopy(utf8, 0, buf, pos, utf8.length);
    pos += utf8.length;
    buf[pos++] = 0;
  }

  /**
   * A wstring as ROS 2's RMWs write it in XCDR1 (Fast CDR 1.x and rmw_cyclonedds alike): uint32
   * count of UTF-16 units, no terminator, then each unit as a 4-byte wchar.
   */
  public void writeWString(String s) {
    int n = s.length();
    writeInt32(n);
    ensure(4 * n);
    for (int i = 0; i < n; i++) {
      ints.set(buf, pos, (int) s.charAt(i));
      pos += 4;
    }
  }

  /** A sequence or string count, aligned to 4. */
  public void writeCount(int count) {
    writeInt32(count);
  }

  /** Raw bytes (elements of a byte array), no count. */
  public void writeBytes(ByteString bytes) {
    int n = bytes.length();
    ensure(n);
    bytes.copyToArray(buf, pos, n);
    pos += n;
  }

  /** Raw bytes, no count. */
  public void writeBytes(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, pos, length);
    pos += length;
  }

  /** Makes room for {@code more} bytes at once (before a large array, say). */
  public void reserve(int more) {
    ensure(more);
  }

  /** The bytes written, header included: a heap buffer at position 0 in this writer's order (no copy). */
  public ByteBuffer toByteBuffer() {
    return ByteBuffer.wrap(buf, 0, pos).slice().order(order);
  }

  /** The bytes written, header included, handed over without a copy: write nothing more after this. */
  public ByteString toByteString() {
    return ByteString.fromArrayUnsafe(buf, 0, pos);
  }

  private void ensure(int more) {
    if (more > buf.length - pos) {
      long needed = (long) pos + more;
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("a CDR message cannot exceed 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, 2L * buf.length)));
    }
  }
}
