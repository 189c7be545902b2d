package org.pyros.ros2.cdr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.ros2.msg.Ros2Field;
import org.pyros.ros2.msg.Ros2Type;

/** The element codecs a {@link CdrCodec} is compiled into. */
final class ElementCodecs {
  private ElementCodecs() {}

  static ElementCodec element(Ros2Field f, FieldType element) {
    if (element instanceof FieldType.Nested) {
      return new StructCodec(f.nested());
    }
    Primitive p = ((FieldType.Builtin) element).primitive();
    if (p == Primitive.STRING) {
      return f.wide() ? new WStringCodec(f.stringBound()) : new StringCodec(f.stringBound());
    }
    return new PrimitiveCodec(p);
  }

  static ElementCodec field(Ros2Field f) {
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

  static final class StructCodec implements ElementCodec {
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
        throw new CodecFailure("expected a " + type.name() + " message, got "
            + (value instanceof Message m ? "a " + m.type().name() + " message" : String.valueOf(value)));
      }
      if (empty) {
        w.writeInt8(0);
        return;
      }
      for (int i = 0; i < fields.length; i++) {
        try {
          fields[i].write(w, m.get(i));
        } catch (CodecFailure f) {
          throw f.under(names[i]);
        } catch (ClassCastException | NullPointerException e) {
          throw new CodecFailure("value " + describe(m.get(i)) + " does not fit the field's type").under(names[i]);
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
          throw new CodecFailure(e.problem());
        }
        return Message.ofTrusted(type, new Object[0]);
      }
      Object[] values = new Object[fields.length];
      for (int i = 0; i < values.length; i++) {
        try {
          values[i] = fields[i].read(r);
        } catch (CdrFormatException e) {
          throw new CodecFailure(e.problem()).under(names[i]);
        } catch (CodecFailure f) {
          throw f.under(names[i]);
        }
      }
      return Message.ofTrusted(type, values);
    }

    @Override
    public long minSize() {
      long size = empty ? 1 : 0;
      for (ElementCodec f : fields) {
        size = saturatedAdd(size, f.minSize());
      }
      return size;
    }
  }

  static final class PrimitiveCodec implements ElementCodec {
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

  static final class StringCodec implements ElementCodec {
    private final int bound;

    StringCodec(int bound) {
      this.bound = bound;
    }

    @Override
    public void write(CdrWriter w, Object v) {
      byte[] utf8 = ((String) v).getBytes(StandardCharsets.UTF_8);
      if (bound >= 0 && utf8.length > bound) {
        throw new CodecFailure("string of " + utf8.length + " bytes exceeds its bound " + bound);
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

  static final class WStringCodec implements ElementCodec {
    private final int bound;

    WStringCodec(int bound) {
      this.bound = bound;
    }

    @Override
    public void write(CdrWriter w, Object v) {
      String s = (String) v;
      if (bound >= 0 && s.length() > bound) {
        throw new CodecFailure("wstring of " + s.length() + " characters exceeds its bound " + bound);
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
  static final class BytesCodec implements ElementCodec {
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
          throw new CodecFailure("expected exactly " + fixed + " elements, got " + b.length());
        }
      } else {
        if (bound >= 0 && b.length() > bound) {
          throw new CodecFailure(b.length() + " elements exceed the bound " + bound);
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

  static final class FixedArrayCodec implements ElementCodec {
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
        throw new CodecFailure("expected exactly " + length + " elements, got " + list.size());
      }
      writeElements(w, element, list);
    }

    @Override
    public Object read(CdrReader r) {
      if (minSize() > r.remaining()) {
        throw new CdrFormatException(length + " elements need at least " + minSize()
            + " bytes, only " + r.remaining() + " left");
      }
      return readElements(r, element, length);
    }

    @Override
    public long minSize() {
      return saturatedMultiply(length, element.minSize());
    }
  }

  static final class SequenceCodec implements ElementCodec {
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
        throw new CodecFailure(list.size() + " elements exceed the bound " + bound);
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

  static void writeElements(CdrWriter w, ElementCodec element, List<?> list) {
    for (int i = 0; i < list.size(); i++) {
      try {
        element.write(w, list.get(i));
      } catch (CodecFailure f) {
        throw f.under("[" + i + "]");
      } catch (ClassCastException | NullPointerException e) {
        throw new CodecFailure("value " + describe(list.get(i)) + " does not fit the element type").under("[" + i + "]");
      }
    }
  }

  static List<Object> readElements(CdrReader r, ElementCodec element, int n) {
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      try {
        out[i] = element.read(r);
      } catch (CdrFormatException e) {
        throw new CodecFailure(e.problem()).under("[" + i + "]");
      } catch (CodecFailure f) {
        throw f.under("[" + i + "]");
      }
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  /** a + b of non-negative sizes, at most Long.MAX_VALUE (types with huge fixed arrays). */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** a * b of non-negative sizes, at most Long.MAX_VALUE. */
  static long saturatedMultiply(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
  }
}
