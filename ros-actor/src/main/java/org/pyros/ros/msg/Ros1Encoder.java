package org.pyros.ros.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;

/**
 * Writes messages in the ROS1 wire format: little-endian, no padding, strings and variable
 * arrays prefixed by a uint32 length, 8-bit arrays as raw bytes.
 *
 * <p>A size pass first measures the message exactly, so the bytes are written once into a buffer
 * of the right size, without per-field allocation.
 */
public final class Ros1Encoder {
  private Ros1Encoder() {}

  /** The exact number of bytes {@link #encode(Message)} writes. */
  public static int size(Message message) {
    return checked(message, messageSize(message, null));
  }

  private static int checked(Message message, long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new MessageFormatException(message.type().name(), "message too large: " + size + " bytes");
    }
    return (int) size;
  }

  /** The message as ROS1 bytes. */
  public static byte[] encode(Message message) {
    byte[] out = new byte[size(message)];
    encode(message, ByteBuffer.wrap(out));
    return out;
  }

  /**
   * The message as ROS1 bytes, in a {@link ByteString} that shares the array written and every
   * 8-bit array of at least {@link #SHARED_BYTES} bytes: an image's pixels are not copied (the
   * message's {@code ByteString}s are immutable, so sharing them is safe).
   */
  public static ByteString encodeToByteString(Message message) {
    long[] shared = {0};
    int size = checked(message, messageSize(message, shared));
    if (shared[0] == 0) {
      byte[] out = new byte[size];
      writeMessage(message, ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN), null);
      return ByteString.fromArrayUnsafe(out);
    }
    Rope rope = new Rope(new byte[(int) (size - shared[0])]);
    ByteBuffer out = ByteBuffer.wrap(rope.array).order(ByteOrder.LITTLE_ENDIAN);
    writeMessage(message, out, rope);
    return rope.finish(out);
  }

  /** 8-bit arrays this long or longer are shared by {@link #encodeToByteString}, not copied. */
  static final int SHARED_BYTES = 16 * 1024;

  /** The written bytes in pieces: slices of one array, with shared arrays between them. */
  private static final class Rope {
    final byte[] array;
    ByteString parts = ByteString.emptyByteString();
    int sliceStart;

    Rope(byte[] array) {
      this.array = array;
    }

    /** Ends the current slice at the buffer's position and appends {@code bytes} after it. */
    void share(ByteBuffer out, ByteString bytes) {
      parts = parts.concat(ByteString.fromArrayUnsafe(array, sliceStart, out.position() - sliceStart)).concat(bytes);
      sliceStart = out.position();
    }

    ByteString finish(ByteBuffer out) {
      return parts.concat(ByteString.fromArrayUnsafe(array, sliceStart, out.position() - sliceStart));
    }
  }

  /**
   * Writes the message at the buffer's position, which moves past it. The buffer's byte order is
   * left as it was.
   *
   * @throws java.nio.BufferOverflowException when fewer than {@link #size(Message)} bytes remain
   */
  public static void encode(Message message, ByteBuffer out) {
    ByteOrder order = out.order();
    out.order(ByteOrder.LITTLE_ENDIAN);
    try {
      writeMessage(message, out, null);
    } finally {
      out.order(order);
    }
  }

  /** @param shared when not null, adds to {@code shared[0]} the bytes of 8-bit arrays long enough to share */
  private static long messageSize(Message m, long[] shared) {
    List<Field> fields = m.type().fields();
    long size = 0;
    for (int i = 0; i < fields.size(); i++) {
      size += size(fields.get(i).type(), m.get(i), shared);
    }
    return size;
  }

  private static long size(FieldType type, Object value, long[] shared) {
    if (type instanceof FieldType.Builtin b) {
      Primitive p = b.primitive();
      return p == Primitive.STRING ? 4L + utf8Length((String) value) : p.wireSize();
    }
    if (type instanceof FieldType.Nested) {
      return messageSize((Message) value, shared);
    }
    FieldType.Array a = (FieldType.Array) type;
    long size = a.isFixed() ? 0 : 4;
    if (a.isBytes()) {
      int n = ((ByteString) value).length();
      if (shared != null && n >= SHARED_BYTES) {
        shared[0] += n;
      }
      return size + n;
    }
    List<?> list = (List<?>) value;
    FieldType element = a.element();
    if (element instanceof FieldType.Builtin b && b.primitive() != Primitive.STRING) {
      return size + (long) list.size() * b.primitive().wireSize();
    }
    for (Object e : list) {
      size += size(element, e, shared);
    }
    return size;
  }

  /** Writes {@code m}; with a rope, long 8-bit arrays are appended to it rather than copied. */
  private static void writeMessage(Message m, ByteBuffer out, Rope rope) {
    List<Field> fields = m.type().fields();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      write(f.name(), f.type(), m.get(i), out, rope);
    }
  }

  private static void write(String name, FieldType type, Object value, ByteBuffer out, Rope rope) {
    if (type instanceof FieldType.Builtin b) {
      writePrimitive(b.primitive(), value, out);
    } else if (type instanceof FieldType.Nested) {
      writeMessage((Message) value, out, rope);
    } else {
      FieldType.Array a = (FieldType.Array) type;
      if (a.isBytes()) {
        ByteString bytes = (ByteString) value;
        writeLength(name, a, bytes.length(), out);
        if (rope != null && bytes.length() >= SHARED_BYTES) {
          rope.share(out, bytes);
          return;
        }
        if (bytes.copyToBuffer(out) != bytes.length()) {
          throw new java.nio.BufferOverflowException();
        }
        return;
      }
      List<?> list = (List<?>) value;
      writeLength(name, a, list.size(), out);
      FieldType element = a.element();
      if (element instanceof FieldType.Builtin b) {
        Primitive p = b.primitive();
        for (int i = 0, n = list.size(); i < n; i++) {
          writePrimitive(p, list.get(i), out);
        }
      } else {
        for (int i = 0, n = list.size(); i < n; i++) {
          writeMessage((Message) list.get(i), out, rope);
        }
      }
    }
  }

  private static void writeLength(String name, FieldType.Array a, int length, ByteBuffer out) {
    if (a.isFixed()) {
      if (length != a.fixedLength()) {
        throw new MessageFormatException(name, "expected exactly " + a.fixedLength() + " elements, got " + length);
      }
    } else {
      out.putInt(length);
    }
  }

  private static void writePrimitive(Primitive p, Object v, ByteBuffer out) {
    switch (p) {
      case BOOL -> out.put((byte) ((Boolean) v ? 1 : 0));
      case INT8, UINT8, BYTE, CHAR -> out.put((byte) ((Number) v).intValue());
      case INT16, UINT16 -> out.putShort((short) ((Number) v).intValue());
      case INT32 -> out.putInt(((Number) v).intValue());
      case UINT32 -> out.putInt((int) ((Number) v).longValue());
      case INT64, UINT64 -> out.putLong(((Number) v).longValue());
      case FLOAT32 -> out.putFloat(((Number) v).floatValue());
      case FLOAT64 -> out.putDouble(((Number) v).doubleValue());
      case STRING -> writeString((String) v, out);
      case TIME -> {
        RosTime t = (RosTime) v;
        out.putInt((int) t.secs());
        out.putInt((int) t.nsecs());
      }
      case DURATION -> {
        RosDuration d = (RosDuration) v;
        out.putInt(d.secs());
        out.putInt(d.nsecs());
      }
    }
  }

  /** UTF-8 length as {@link String#getBytes} encodes it: a lone surrogate becomes one '?'. */
  static int utf8Length(String s) {
    int n = s.length();
    int len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          len += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          len += 2; // 4 bytes for 2 chars
          i++;
        } else if (!Character.isSurrogate(c)) {
          len += 2;
        }
      }
    }
    return len;
  }

  private static void writeString(String s, ByteBuffer out) {
    int n = s.length();
    out.putInt(utf8Length(s));
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.put((byte) c);
      } else if (c < 0x800) {
        out.put((byte) (0xC0 | c >> 6));
        out.put((byte) (0x80 | c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          out.put((byte) (0xF0 | cp >> 18));
          out.put((byte) (0x80 | cp >> 12 & 0x3F));
          out.put((byte) (0x80 | cp >> 6 & 0x3F));
          out.put((byte) (0x80 | cp & 0x3F));
        } else {
          out.put((byte) '?');
        }
      } else {
        out.put((byte) (0xE0 | c >> 12));
        out.put((byte) (0x80 | c >> 6 & 0x3F));
        out.put((byte) (0x80 | c & 0x3F));
      }
    }
  }
}
