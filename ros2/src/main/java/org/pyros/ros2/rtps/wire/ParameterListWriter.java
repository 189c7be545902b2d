package org.pyros.ros2.rtps.wire;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Writes a parameter list: each value padded with zeros to a multiple of 4 bytes, PID_SENTINEL
 * at the end. Little endian unless told otherwise. Not thread-safe.
 */
public final class ParameterListWriter {
  /** A value's length is a 16-bit field. */
  public static final int MAX_VALUE_LENGTH = 0xfffc;

  private final ByteOrder order;
  private ByteBuffer buf;
  private final ByteBuffer scratch;

  public ParameterListWriter() {
    this(ByteOrder.LITTLE_ENDIAN);
  }

  public ParameterListWriter(ByteOrder order) {
    this.order = order;
    this.buf = ByteBuffer.allocate(256).order(order);
    this.scratch = ByteBuffer.allocate(512).order(order);
  }

  public ByteOrder order() {
    return order;
  }

  /**
   * Adds a parameter whose value {@code body} writes (in this writer's byte order, alignment
   * counted from the value's start). Padding and the length field are filled in afterwards.
   */
  public ParameterListWriter put(int id, Consumer<ByteBuffer> body) {
    ByteBuffer value = scratch.clear();
    try {
      body.accept(value);
    } catch (BufferOverflowException e) {
      // Values are small but for user data and property lists: retry once with the most there is room for.
      value = ByteBuffer.allocate(MAX_VALUE_LENGTH).order(order);
      body.accept(value);
    }
    return putRaw(id, value.flip());
  }

  /** Adds a parameter with these value bytes (padded). */
  public ParameterListWriter putRaw(int id, ByteBuffer value) {
    int length = value.remaining();
    int padded = (length + 3) & ~3;
    if (padded > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(String.format("parameter 0x%04x: value of %d bytes is too long", id, length));
    }
    if (id == ParameterId.PID_SENTINEL) {
      throw new IllegalArgumentException("PID_SENTINEL is written by the writer itself");
    }
    ensure(4 + padded);
    buf.putShort((short) id).putShort((short) padded).put(value.duplicate());
    for (int i = length; i < padded; i++) {
      buf.put((byte) 0);
    }
    return this;
  }

  public ParameterListWriter putRaw(int id, byte[] value) {
    return putRaw(id, ByteBuffer.wrap(value));
  }

  /**
   * Adds a received parameter as it is (its value bytes are in its list's byte order).
   *
   * @throws IllegalArgumentException when the parameter's byte order differs from this writer's
   */
  public ParameterListWriter put(Parameter p) {
    if (p.value().order() != order) {
      throw new IllegalArgumentException("parameter in " + p.value().order() + " written to a " + order + " list");
    }
    return putRaw(p.id(), p.view());
  }

  /** Adds every parameter of {@code list} (same byte order). */
  public ParameterListWriter putAll(ParameterList list) {
    for (Parameter p : list.parameters()) {
      put(p);
    }
    return this;
  }

  public ParameterListWriter putInt(int id, int value) {
    return put(id, b -> b.putInt(value));
  }

  public ParameterListWriter putBoolean(int id, boolean value) {
    return put(id, b -> b.put((byte) (value ? 1 : 0)));
  }

  /** A CDR string: uint32 length counting the terminating NUL, the UTF-8 bytes, NUL. */
  public ParameterListWriter putString(int id, String value) {
    byte[] s = value.getBytes(StandardCharsets.UTF_8);
    return put(id, b -> b.putInt(s.length + 1).put(s).put((byte) 0));
  }

  /** A CDR sequence of octets: uint32 length then the bytes (USER_DATA and the like). */
  public ParameterListWriter putOctets(int id, byte[] value) {
    return put(id, b -> b.putInt(value.length).put(value));
  }

  public ParameterListWriter putGuid(int id, Guid guid) {
    return put(id, guid::write);
  }

  public ParameterListWriter putLocator(int id, Locator locator) {
    return put(id, locator::write);
  }

  public ParameterListWriter putDuration(int id, Duration d) {
    return put(id, b -> WireDuration.write(b, d));
  }

  /** Bytes of the list so far including the sentinel that {@link #toBytes()} adds. */
  public int size() {
    return buf.position() + 4;
  }

  /** The parameters so far, each value padded as written. */
  public ParameterList toParameterList() {
    return ParameterLists.read(toBytes(), order);
  }

  /** The list with its sentinel, ready to read. */
  public ByteBuffer toBytes() {
    ByteBuffer out = ByteBuffer.allocate(size()).order(order);
    writeTo(out);
    return out.flip();
  }

  /**
   * The list as a serialized payload (discovery data): the PL_CDR encapsulation header of this
   * writer's byte order, then the list with its sentinel.
   */
  public ByteBuffer toPayload() {
    ByteBuffer out = ByteBuffer.allocate(Encapsulation.LENGTH + size()).order(order);
    new Encapsulation(order == ByteOrder.LITTLE_ENDIAN ? Encapsulation.PL_CDR_LE : Encapsulation.PL_CDR_BE, 0)
        .write(out);
    writeTo(out);
    return out.flip();
  }

  /** Writes the list and its sentinel at {@code out}'s position (in this writer's byte order). */
  public void writeTo(ByteBuffer out) {
    out.put(buf.duplicate().flip());
    ByteOrder o = out.order();
    out.order(order).putShort((short) ParameterId.PID_SENTINEL).putShort((short) 0).order(o);
  }

  private void ensure(int n) {
    if (buf.remaining() < n) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n)).order(order);
      bigger.put(buf.flip());
      buf = bigger;
    }
  }
}
