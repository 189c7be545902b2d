package org.pyros.cluster.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Constant;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;

/**
 * Kryo serializers of the message model. A {@link Message} is written field by field as its
 * {@link MessageType} says, so its values need no class tags and no registration of their own.
 */
final class ModelSerializers {
  private ModelSerializers() {}

  private static final int BUILTIN = 0;
  private static final int NESTED = 1;
  private static final int ARRAY = 2;

  /** A message type: name, definition, fields (recursively), constants. */
  static final class MessageTypeSerializer extends Serializer<MessageType> {
    MessageTypeSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, MessageType type) {
      out.writeString(type.name());
      out.writeString(type.definition());
      out.writeVarInt(type.fields().size(), true);
      for (Field f : type.fields()) {
        out.writeString(f.name());
        writeFieldType(kryo, out, f.type());
      }
      out.writeVarInt(type.constants().size(), true);
      for (Constant c : type.constants()) {
        out.writeVarInt(c.type().ordinal(), true);
        out.writeString(c.name());
        out.writeString(c.valueText());
        kryo.writeClassAndObject(out, c.value());
      }
    }

    @Override
    public MessageType read(Kryo kryo, Input in, Class<? extends MessageType> cls) {
      String name = in.readString();
      String definition = in.readString();
      int fieldCount = count(in);
      List<Field> fields = new ArrayList<>(fieldCount);
      for (int i = 0; i < fieldCount; i++) {
        String fieldName = in.readString();
        fields.add(new Field(fieldName, readFieldType(kryo, in)));
      }
      int constantCount = count(in);
      List<Constant> constants = new ArrayList<>(constantCount);
      for (int i = 0; i < constantCount; i++) {
        Primitive p = primitive(in.readVarInt(true));
        constants.add(new Constant(p, in.readString(), in.readString(), kryo.readClassAndObject(in)));
      }
      return new MessageType(name, fields, constants, definition);
    }

    private static void writeFieldType(Kryo kryo, Output out, FieldType t) {
      if (t instanceof FieldType.Builtin b) {
        out.writeByte(BUILTIN);
        out.writeVarInt(b.primitive().ordinal(), true);
      } else if (t instanceof FieldType.Nested n) {
        out.writeByte(NESTED);
        kryo.writeObject(out, n.type());
      } else {
        FieldType.Array a = (FieldType.Array) t;
        out.writeByte(ARRAY);
        out.writeVarInt(a.fixedLength(), false);
        writeFieldType(kryo, out, a.element());
      }
    }

    private static FieldType readFieldType(Kryo kryo, Input in) {
      int tag = in.readByte();
      if (tag == BUILTIN) {
        return new FieldType.Builtin(primitive(in.readVarInt(true)));
      }
      if (tag == NESTED) {
        return new FieldType.Nested(kryo.readObject(in, MessageType.class));
      }
      if (tag == ARRAY) {
        int fixed = in.readVarInt(false);
        return new FieldType.Array(readFieldType(kryo, in), fixed);
      }
      throw new KryoException("bad field type tag " + tag);
    }
  }

  /** A message: its type, then each value in the form its field type gives. */
  static final class MessageSerializer extends Serializer<Message> {
    MessageSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, Message m) {
      kryo.writeObject(out, m.type());
      writeValues(kryo, out, m);
    }

    @Override
    public Message read(Kryo kryo, Input in, Class<? extends Message> cls) {
      MessageType type = kryo.readObject(in, MessageType.class);
      return readValues(kryo, in, type);
    }

    private static void writeValues(Kryo kryo, Output out, Message m) {
      List<Field> fields = m.type().fields();
      for (int i = 0; i < fields.size(); i++) {
        Field f = fields.get(i);
        try {
          writeValue(kryo, out, f.type(), m.get(i));
        } catch (ClassCastException | NullPointerException e) {
          throw new KryoException(m.type().name() + "." + f.name() + ": value " + describe(m.get(i))
              + " does not fit " + f.type().rosName(), e);
        }
      }
    }

    private static Message readValues(Kryo kryo, Input in, MessageType type) {
      Object[] values = new Object[type.fields().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = readValue(kryo, in, type.fields().get(i).type());
      }
      return Message.ofTrusted(type, values);
    }

    private static void writeValue(Kryo kryo, Output out, FieldType t, Object v) {
      if (t instanceof FieldType.Builtin b) {
        writePrimitive(out, b.primitive(), v);
      } else if (t instanceof FieldType.Nested) {
        writeValues(kryo, out, (Message) v);
      } else {
        FieldType.Array a = (FieldType.Array) t;
        if (a.isBytes()) {
          ByteString bytes = (ByteString) v;
          out.writeVarInt(bytes.size(), true);
          out.writeBytes(bytes.toArrayUnsafe());
        } else {
          List<?> list = (List<?>) v;
          out.writeVarInt(list.size(), true);
          for (Object e : list) {
            writeValue(kryo, out, a.element(), e);
          }
        }
      }
    }

    private static Object readValue(Kryo kryo, Input in, FieldType t) {
      if (t instanceof FieldType.Builtin b) {
        return readPrimitive(in, b.primitive());
      }
      if (t instanceof FieldType.Nested n) {
        return readValues(kryo, in, n.type());
      }
      FieldType.Array a = (FieldType.Array) t;
      // Messages without fields take no bytes, so the frame size cannot bound their count.
      boolean empty = a.element() instanceof FieldType.Nested n && n.type().fields().isEmpty();
      int size = empty ? cappedCount(in) : count(in);
      if (a.isBytes()) {
        return ByteString.fromArrayUnsafe(in.readBytes(size));
      }
      List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(readValue(kryo, in, a.element()));
      }
      return Collections.unmodifiableList(list);
    }

    private static void writePrimitive(Output out, Primitive p, Object v) {
      switch (p) {
        case BOOL -> out.writeBoolean((Boolean) v);
        case INT8, UINT8, BYTE, CHAR, INT16, UINT16, INT32 -> out.writeVarInt((Integer) v, false);
        case UINT32, INT64, UINT64 -> out.writeVarLong((Long) v, false);
        case FLOAT32 -> out.writeFloat((Float) v);
        case FLOAT64 -> out.writeDouble((Double) v);
        case STRING -> out.writeString((String) v);
        case TIME -> {
          RosTime time = (RosTime) v;
          out.writeVarLong(time.secs(), true);
          out.writeVarLong(time.nsecs(), true);
        }
        case DURATION -> {
          RosDuration d = (RosDuration) v;
          out.writeVarInt(d.secs(), false);
          out.writeVarInt(d.nsecs(), false);
        }
      }
    }

    private static Object readPrimitive(Input in, Primitive p) {
      return switch (p) {
        case BOOL -> in.readBoolean();
        case INT8, UINT8, BYTE, CHAR, INT16, UINT16, INT32 -> in.readVarInt(false);
        case UINT32, INT64, UINT64 -> in.readVarLong(false);
        case FLOAT32 -> in.readFloat();
        case FLOAT64 -> in.readDouble();
        case STRING -> in.readString();
        case TIME -> new RosTime(in.readVarLong(true), in.readVarLong(true));
        case DURATION -> new RosDuration(in.readVarInt(false), in.readVarInt(false));
      };
    }

    private static String describe(Object v) {
      return v == null ? "null" : "of class " + v.getClass().getName();
    }
  }

  /**
   * A length prefix, checked against the bytes left so a corrupt or hostile frame cannot make us
   * allocate more than the frame itself (every element takes at least one byte).
   */
  static int count(Input in) {
    int n = in.readVarInt(true);
    int left = in.limit() - in.position();
    if (n < 0 || (in.getInputStream() == null && n > left)) {
      throw new KryoException("length " + n + " exceeds the " + left + " bytes left in the frame");
    }
    return n;
  }

  private static final int MAX_EMPTY_ELEMENTS = 1 << 20;

  private static int cappedCount(Input in) {
    int n = in.readVarInt(true);
    if (n < 0 || n > MAX_EMPTY_ELEMENTS) {
      throw new KryoException("array of " + n + " empty messages exceeds " + MAX_EMPTY_ELEMENTS);
    }
    return n;
  }

  private static Primitive primitive(int ordinal) {
    Primitive[] all = Primitive.values();
    if (ordinal < 0 || ordinal >= all.length) {
      throw new KryoException("bad primitive " + ordinal);
    }
    return all[ordinal];
  }
}
