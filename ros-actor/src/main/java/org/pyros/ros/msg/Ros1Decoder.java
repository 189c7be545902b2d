package org.pyros.ros.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.FieldValues;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;

/**
 * Reads messages in the ROS1 wire format, strictly: every length prefix is checked against the
 * bytes that remain before anything is allocated, and truncated input or bytes left after the
 * last field fail with a {@link MessageFormatException} naming the field.
 */
public final class Ros1Decoder {
  private final ByteBuffer in;
  private final byte[] array;
  private final int arrayOffset;
  private final boolean shareBytes;

  private Ros1Decoder(ByteBuffer in, boolean shareBytes) {
    this.in = in.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.array = this.in.hasArray() ? this.in.array() : null;
    this.arrayOffset = this.in.hasArray() ? this.in.arrayOffset() : 0;
    this.shareBytes = shareBytes && array != null;
  }

  /** Decodes a whole byte array; byte-array fields are copied out of it. */
  public static Message decode(MessageType type, byte[] bytes) {
    return decode(type, ByteBuffer.wrap(bytes));
  }

  /**
   * Decodes the remaining bytes of a buffer (its position is not moved); byte-array fields are
   * copied out of it.
   */
  public static Message decode(MessageType type, ByteBuffer bytes) {
    return new Ros1Decoder(bytes, false).decodeAll(type);
  }

  /** Decodes a {@link ByteString}; byte-array fields share its memory (no copy). */
  public static Message decode(MessageType type, ByteString bytes) {
    return new Ros1Decoder(ByteBuffer.wrap(bytes.toArrayUnsafe()), true).decodeAll(type);
  }

  private Message decodeAll(MessageType type) {
    Message m;
    try {
      m = readMessage(type);
    } catch (WireException e) {
      throw new MessageFormatException(e.path(), e.getMessage());
    }
    if (in.hasRemaining()) {
      List<Field> fields = type.fields();
      String last = fields.isEmpty() ? type.name() : fields.get(fields.size() - 1).name();
      throw new MessageFormatException(last,
          in.remaining() + " bytes left over after the last field of a " + in.position() + "-byte " + type.name());
    }
    return m;
  }

  private Message readMessage(MessageType type) {
    List<Field> fields = type.fields();
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      Field f = fields.get(i);
      try {
        values[i] = read(f.type());
      } catch (WireException e) {
        throw e.under(f.name());
      }
    }
    return Message.ofTrusted(type, values);
  }

  private Object read(FieldType type) {
    if (type instanceof FieldType.Builtin b) {
      return readPrimitive(b.primitive());
    }
    if (type instanceof FieldType.Nested n) {
      return readMessage(n.type());
    }
    FieldType.Array a = (FieldType.Array) type;
    FieldType element = a.element();
    int count = a.isFixed() ? a.fixedLength() : readCount();
    long min = minSize(element);
    if ((long) count * min > in.remaining()) {
      throw new WireException(count + " elements of " + element.rosName() + " need at least "
          + (long) count * min + " bytes, only " + in.remaining() + " left");
    }
    if (a.isBytes()) {
      return readBytes(count);
    }
    if (min == 0) {
      // Elements with no bytes are all the default; nothing to read.
      return Collections.nCopies(count, FieldValues.defaultValue(element));
    }
    Object[] out = new Object[count];
    if (element instanceof FieldType.Builtin b) {
      Primitive p = b.primitive();
      for (int i = 0; i < count; i++) {
        try {
          out[i] = readPrimitive(p);
        } catch (WireException e) {
          throw e.under("[" + i + "]");
        }
      }
    } else {
      MessageType nested = ((FieldType.Nested) element).type();
      for (int i = 0; i < count; i++) {
        try {
          out[i] = readMessage(nested);
        } catch (WireException e) {
          throw e.under("[" + i + "]");
        }
      }
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  private ByteString readBytes(int count) {
    int pos = in.position();
    in.position(pos + count);
    if (shareBytes) {
      return ByteString.fromArrayUnsafe(array, arrayOffset + pos, count);
    }
    byte[] copy = new byte[count];
    in.get(pos, copy);
    return ByteString.fromArrayUnsafe(copy);
  }

  /** An array count; checked against the bytes left by the caller, which knows the element size. */
  private int readCount() {
    need(4);
    long count = in.getInt() & 0xFFFF_FFFFL;
    if (count > Integer.MAX_VALUE - 8) {
      throw new WireException("array count " + count + " is too large");
    }
    return (int) count;
  }

  private int readLength() {
    need(4);
    long length = in.getInt() & 0xFFFF_FFFFL;
    if (length > in.remaining()) {
      throw new WireException("length prefix " + length + " is larger than the " + in.remaining() + " bytes left");
    }
    return (int) length;
  }

  private Object readPrimitive(Primitive p) {
    switch (p) {
      case BOOL:
        need(1);
        return in.get() != 0;
      case INT8:
      case BYTE:
        need(1);
        return (int) in.get();
      case UINT8:
      case CHAR:
        need(1);
        return in.get() & 0xFF;
      case INT16:
        need(2);
        return (int) in.getShort();
      case UINT16:
        need(2);
        return in.getShort() & 0xFFFF;
      case INT32:
        need(4);
        return in.getInt();
      case UINT32:
        need(4);
        return in.getInt() & 0xFFFF_FFFFL;
      case INT64:
      case UINT64:
        need(8);
        return in.getLong();
      case FLOAT32:
        need(4);
        return in.getFloat();
      case FLOAT64:
        need(8);
        return in.getDouble();
      case STRING:
        return readString();
      case TIME:
        need(8);
        return new RosTime(in.getInt() & 0xFFFF_FFFFL, in.getInt() & 0xFFFF_FFFFL);
      case DURATION:
        need(8);
        return new RosDuration(in.getInt(), in.getInt());
      default:
        throw new IllegalStateException(p.toString());
    }
  }

  private String readString() {
    int length = readLength();
    int pos = in.position();
    in.position(pos + length);
    if (array != null) {
      return new String(array, arrayOffset + pos, length, StandardCharsets.UTF_8);
    }
    byte[] copy = new byte[length];
    in.get(pos, copy);
    return new String(copy, StandardCharsets.UTF_8);
  }

  private void need(int bytes) {
    if (in.remaining() < bytes) {
      throw new WireException("truncated: needs " + bytes + " bytes, only " + in.remaining() + " left");
    }
  }

  /** The fewest bytes a value of this type takes on the wire. */
  static long minSize(FieldType type) {
    if (type instanceof FieldType.Builtin b) {
      return b.primitive() == Primitive.STRING ? 4 : b.primitive().wireSize();
    }
    if (type instanceof FieldType.Nested n) {
      long size = 0;
      for (Field f : n.type().fields()) {
        size += minSize(f.type());
      }
      return size;
    }
    FieldType.Array a = (FieldType.Array) type;
    return a.isFixed() ? a.fixedLength() * minSize(a.element()) : 4;
  }

  /** A decoding failure on its way out, collecting the field path as it unwinds. */
  private static final class WireException extends RuntimeException {
    private final Deque<String> path = new ArrayDeque<>();

    WireException(String problem) {
      super(problem, null, false, false);
    }

    WireException under(String segment) {
      path.addFirst(segment);
      return this;
    }

    String path() {
      StringBuilder b = new StringBuilder();
      for (String s : path) {
        if (b.length() > 0 && !s.startsWith("[")) {
          b.append('.');
        }
        b.append(s);
      }
      return b.toString();
    }
  }
}
