package org.pyros.ros2.cdr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.ros2.msg.Ros2Field;
import org.pyros.ros2.msg.Ros2Type;

/**
 * Encodes and decodes the messages of one ROS 2 type as XCDR1, the way ROS 2's RMWs serialize
 * "final" types. The plan is compiled once from the type (a tree of element codecs), so a message
 * is not interpreted from field types on every call. Thread-safe and immutable.
 *
 * <p>Decoding accepts CDR_LE and CDR_BE, refuses with a {@link MessageFormatException} naming the
 * field any truncated input, bad bool, bad string, bound violation or count larger than the bytes
 * left (checked before allocating), and ignores bytes after the last field (DDS pads payloads).
 * Encoding checks bounds and fixed array lengths. Byte arrays are copied as a block, once.
 */
public final class CdrCodec {
  private final Ros2Type type;
  private final StructCodec root;

  private CdrCodec(Ros2Type type) {
    this.type = type;
    this.root = new StructCodec(type);
  }

  /** The codec of a ROS 2 type. */
  public static CdrCodec of(Ros2Type type) {
    return new CdrCodec(type);
  }

  /** The codec of a core type built in code (no bounds, no defaults). */
  public static CdrCodec of(MessageType type) {
    return new CdrCodec(Ros2Type.of(type));
  }

  public Ros2Type type() {
    return type;
  }

  /**
   * The serialized payload of a message: CDR_LE header then its data; a heap buffer at position 0.
   *
   * @throws MessageFormatException naming the field when a value breaks a bound or does not fit
   */
  public ByteBuffer encode(Message message) {
    CdrWriter w = new CdrWriter(ByteOrder.LITTLE_ENDIAN, 256);
    encode(message, w);
    return w.toByteBuffer();
  }

  /** Writes a message's data (no header) to a writer. */
  public void encode(Message message, CdrWriter w) {
    try {
      root.write(w, message);
    } catch (Failure f) {
      throw f.toMessageFormatException();
    }
  }

  /**
   * The message of a serialized payload (the remaining bytes; the position is not moved).
   *
   * @throws MessageFormatException naming the field when the bytes are not a valid message
   */
  public Message decode(ByteBuffer payload) {
    CdrReader r;
    try {
      r = CdrReader.ofPayload(payload);
    } catch (CdrFormatException e) {
      throw new MessageFormatException("(encapsulation)", e.problem());
    }
    return decode(r);
  }

  /** Reads one message from a reader. */
  public Message decode(CdrReader r) {
    try {
      return (Message) root.read(r);
    } catch (Failure f) {
      throw f.toMessageFormatException();
    }
  }

  /** The fewest bytes a message of this type takes (alignment not counted). */
  public long minSize() {
    return root.minSize();
  }

  /** One compiled element: how a value of one ROS 2 type is written and read. */
  private interface ElementCodec {
    void write(CdrWriter w, Object value);

    Object read(CdrReader r);

    /** The fewest bytes a value takes, for count checks. */
    long minSize();
  }

  private static ElementCodec element(Ros2Field f, FieldType element) {
    if (element instanceof FieldType.Nested) {
      return new StructCodec(f.nested());
    }
    Primitive p = ((FieldType.Builtin) element).primitive();
    if (p == Primitive.STRING) {
      return f.wide() ? new WStringCodec(f.stringBound()) : new StringCodec(f.stringBound());
    }
    return new PrimitiveCodec(p);
  }

  private static ElementCodec field(Ros2Field f) {
    FieldType t = f.field().type();
    if (!(t instanceof FieldType.Array a)) {
      return element(f, t);
    }
    if (a.isBytes()) {
      return new BytesCodec(a.isFixed() ? a.fixedLength() : -1, f.sequenceBound());
    }
    ElementCodec e = element(f, a.element());
    return a.isFixed() ? new FixedArrayCodec(e, a.fixedLength()) : new SequenceCodec(e, f.sequenceBound());
  }

  private static final class StructCodec implements ElementCodec {
    private final MessageType type;
    private final String[] names;
    private final ElementCodec[] fields;
    private final boolean empty;

    StructCodec(Ros2Type t) {
      this.type = t.messageType();
      List<Ros2Field> fs = t.fields();
      this.names = new String[fs.size()];
      this.fields = new ElementCodec[fs.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = fs.get(i).name();
        fields[i] = field(fs.get(i));
      }
      // A core type built with no fields still takes rosidl's one placeholder byte on the wire.
      this.empty = names.length == 0;
    }

    @Override
    public void write(CdrWriter w, Object value) {
      if (!(value instanceof Message m) || !sameType(m.type())) {
        throw new Failure("expected a " + type.name() + " message, got "
            + (value instanceof Message m ? "a " + m.type().name() + " message" : String.valueOf(value)));
      }
      if (empty) {
        w.writeInt8(0);
        return;
      }
      for (int i = 0; i < fields.length; i++) {
        try {
          fields[i].write(w, m.get(i));
        } catch (Failure f) {
          throw f.under(names[i]);
        } catch (ClassCastException | NullPointerException e) {
          throw new Failure("value " + describe(m.get(i)) + " does not fit the field's type").under(names[i]);
        }
      }
    }

    private boolean sameType(MessageType other) {
      return other == type || (other.name().equals(type.name()) && other.fields().size() == fields.length);
    }

    @Override
    public Object read(CdrReader r) {
      if (empty) {
        try {
          r.readUInt8();
        } catch (CdrFormatException e) {
          throw new Failure(e.problem());
        }
        return Message.ofTrusted(type, new Object[0]);
      }
      Object[] values = new Object[fields.length];
      for (int i = 0; i < values.length; i++) {
        try {
          values[i] = fields[i].read(r);
        } catch (CdrFormatException e) {
          throw new Failure(e.problem()).under(names[i]);
        } catch (Failure f) {
          throw f.under(names[i]);
        }
      }
      return Message.ofTrusted(type, values);
    }

    @Override
    public long minSize() {
      long size = empty ? 1 : 0;
      for (ElementCodec f : fields) {
        size += f.minSize();
      }
      return size;
    }
  }

  private static final class PrimitiveCodec implements ElementCodec {
    private final Primitive p;

    PrimitiveCodec(Primitive p) {
      if (p == Primitive.TIME || p == Primitive.DURATION) {
        throw new IllegalArgumentException(p.rosName() + " has no ROS 2 form; use builtin_interfaces/msg/Time");
      }
      this.p = p;
    }

    @Override
    public void write(CdrWriter w, Object v) {
      switch (p) {
        case BOOL -> w.writeBool((Boolean) v);
        case INT8, UINT8, BYTE, CHAR -> w.writeInt8(((Number) v).intValue());
        case INT16, UINT16 -> w.writeInt16(((Number) v).intValue());
        case INT32 -> w.writeInt32(((Number) v).intValue());
        case UINT32 -> w.writeInt32((int) ((Number) v).longValue());
        case INT64, UINT64 -> w.writeInt64(((Number) v).longValue());
        case FLOAT32 -> w.writeFloat32((Float) v);
        case FLOAT64 -> w.writeFloat64((Double) v);
        default -> throw new IllegalStateException(p.toString());
      }
    }

    @Override
    public Object read(CdrReader r) {
      return switch (p) {
        case BOOL -> r.readBool();
        case INT8, BYTE -> r.readInt8();
        case UINT8, CHAR -> r.readUInt8();
        case INT16 -> r.readInt16();
        case UINT16 -> r.readUInt16();
        case INT32 -> r.readInt32();
        case UINT32 -> r.readUInt32();
        case INT64, UINT64 -> r.readInt64();
        case FLOAT32 -> r.readFloat32();
        case FLOAT64 -> r.readFloat64();
        default -> throw new IllegalStateException(p.toString());
      };
    }

    @Override
    public long minSize() {
      return p.wireSize();
    }
  }

  private static final class StringCodec implements ElementCodec {
    private final int bound;

    StringCodec(int bound) {
      this.bound = bound;
    }

    @Override
    public void write(CdrWriter w, Object v) {
      byte[] utf8 = ((String) v).getBytes(StandardCharsets.UTF_8);
      if (bound >= 0 && utf8.length > bound) {
        throw new Failure("string of " + utf8.length + " bytes exceeds its bound " + bound);
      }
      w.writeStringBytes(utf8);
    }

    @Override
    public Object read(CdrReader r) {
      return r.readString(bound);
    }

    @Override
    public long minSize() {
      return 5;
    }
  }

  private static final class WStringCodec implements ElementCodec {
    private final int bound;

    WStringCodec(int bound) {
      this.bound = bound;
    }

    @Override
    public void write(CdrWriter w, Object v) {
      String s = (String) v;
      if (bound >= 0 && s.length() > bound) {
        throw new Failure("wstring of " + s.length() + " characters exceeds its bound " + bound);
      }
      w.writeWString(s);
    }

    @Override
    public Object read(CdrReader r) {
      return r.readWString(bound);
    }

    @Override
    public long minSize() {
      return 4;
    }
  }

  /** uint8[]/int8[]/byte[]/char[] arrays: a ByteString copied as one block. */
  private static final class BytesCodec implements ElementCodec {
    private final int fixed;
    private final int bound;

    BytesCodec(int fixed, int bound) {
      this.fixed = fixed;
      this.bound = bound;
    }

    @Override
    public void write(CdrWriter w, Object v) {
      ByteString b = (ByteString) v;
      if (fixed >= 0) {
        if (b.length() != fixed) {
          throw new Failure("expected exactly " + fixed + " elements, got " + b.length());
        }
      } else {
        if (bound >= 0 && b.length() > bound) {
          throw new Failure(b.length() + " elements exceed the bound " + bound);
        }
        w.writeCount(b.length());
      }
      w.writeBytes(b);
    }

    @Override
    public Object read(CdrReader r) {
      int n = fixed >= 0 ? fixed : r.readCount(1);
      if (bound >= 0 && n > bound) {
        throw new CdrFormatException("count " + n + " exceeds the bound " + bound);
      }
      return r.readBytes(n);
    }

    @Override
    public long minSize() {
      return fixed >= 0 ? fixed : 4;
    }
  }

  private static final class FixedArrayCodec implements ElementCodec {
    private final ElementCodec element;
    private final int length;

    FixedArrayCodec(ElementCodec element, int length) {
      this.element = element;
      this.length = length;
    }

    @Override
    public void write(CdrWriter w, Object v) {
      List<?> list = (List<?>) v;
      if (list.size() != length) {
        throw new Failure("expected exactly " + length + " elements, got " + list.size());
      }
      writeElements(w, element, list);
    }

    @Override
    public Object read(CdrReader r) {
      if ((long) length * element.minSize() > r.remaining()) {
        throw new CdrFormatException(length + " elements need at least " + (long) length * element.minSize()
            + " bytes, only " + r.remaining() + " left");
      }
      return readElements(r, element, length);
    }

    @Override
    public long minSize() {
      return length * element.minSize();
    }
  }

  private static final class SequenceCodec implements ElementCodec {
    private final ElementCodec element;
    private final int bound;

    SequenceCodec(ElementCodec element, int bound) {
      this.element = element;
      this.bound = bound;
    }

    @Override
    public void write(CdrWriter w, Object v) {
      List<?> list = (List<?>) v;
      if (bound >= 0 && list.size() > bound) {
        throw new Failure(list.size() + " elements exceed the bound " + bound);
      }
      w.writeCount(list.size());
      writeElements(w, element, list);
    }

    @Override
    public Object read(CdrReader r) {
      int n = r.readCount(element.minSize());
      if (bound >= 0 && n > bound) {
        throw new CdrFormatException("count " + n + " exceeds the bound " + bound);
      }
      return readElements(r, element, n);
    }

    @Override
    public long minSize() {
      return 4;
    }
  }

  private static void writeElements(CdrWriter w, ElementCodec element, List<?> list) {
    for (int i = 0; i < list.size(); i++) {
      try {
        element.write(w, list.get(i));
      } catch (Failure f) {
        throw f.under("[" + i + "]");
      } catch (ClassCastException | NullPointerException e) {
        throw new Failure("value " + describe(list.get(i)) + " does not fit the element type").under("[" + i + "]");
      }
    }
  }

  private static List<Object> readElements(CdrReader r, ElementCodec element, int n) {
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      try {
        out[i] = element.read(r);
      } catch (CdrFormatException e) {
        throw new Failure(e.problem()).under("[" + i + "]");
      } catch (Failure f) {
        throw f.under("[" + i + "]");
      }
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  private static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
  }

  /** A failure on its way out, collecting the field path as it unwinds; no stack trace. */
  private static final class Failure extends RuntimeException {
    private final Deque<String> path = new ArrayDeque<>();

    Failure(String problem) {
      super(problem, null, false, false);
    }

    Failure under(String segment) {
      path.addFirst(segment);
      return this;
    }

    MessageFormatException toMessageFormatException() {
      StringBuilder b = new StringBuilder();
      for (String s : path) {
        if (b.length() > 0 && !s.startsWith("[")) {
          b.append('.');
        }
        b.append(s);
      }
      return new MessageFormatException(b.toString(), getMessage());
    }
  }
}
