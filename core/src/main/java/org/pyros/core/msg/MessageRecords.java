package org.pyros.core.msg;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.pekko.util.ByteString;

/**
 * Maps messages to and from Java records, component by field name.
 *
 * <p>A record fits a message type when it has one component per field, named as the field or
 * as its camelCase form ({@code frame_id} or {@code frameId}), and nothing else; each component
 * is of a kind that holds the field:
 * <ul>
 *   <li>{@code bool}: {@code boolean}/{@code Boolean}; {@code string}: {@code String};
 *       {@code time}/{@code duration}: {@link RosTime}/{@link RosDuration};</li>
 *   <li>integers: {@code byte}, {@code short}, {@code int}, {@code long} (primitive or boxed) or
 *       {@link BigInteger}; a value that does not fit the component is an error, a
 *       {@code uint64} in a {@code long} keeps its 64 bits as the message does;</li>
 *   <li>{@code float32}/{@code float64}: {@code float} or {@code double} (primitive or boxed);</li>
 *   <li>a nested message: a record that fits its type, or {@link Message};</li>
 *   <li>byte arrays ({@code uint8[]}, {@code int8[]}): {@code byte[]} or {@link ByteString};
 *       other arrays: {@code List<E>} or {@code E[]} (primitive arrays too), {@code E} fitting the
 *       element type.</li>
 * </ul>
 * The whole record class is checked against the type before any value is converted, so an
 * empty array does not hide a wrong element type. Failures are {@link MessageFormatException}s
 * naming the field path.
 */
final class MessageRecords {
  private MessageRecords() {}

  private static final Set<Class<?>> INTEGRAL = Set.of(byte.class, short.class, int.class, long.class,
      Byte.class, Short.class, Integer.class, Long.class, BigInteger.class);
  private static final Set<Class<?>> FLOATING = Set.of(float.class, double.class, Float.class, Double.class);

  /** The record of class {@code recordClass} holding {@code message}'s values. */
  static <R extends Record> R toRecord(Message message, Class<R> recordClass) {
    checkRecord("", message.type(), recordClass);
    return recordClass.cast(recordOf("", message, recordClass));
  }

  /** The message of {@code type} holding {@code record}'s values. */
  static Message fromRecord(MessageType type, Record record) {
    if (record == null) {
      throw new MessageFormatException(type.name(), "null is not a record");
    }
    checkRecord("", type, record.getClass());
    return messageOf("", type, record);
  }

  // ---- checking a record class against a type ----

  private static void checkRecord(String path, MessageType type, Class<?> recordClass) {
    RecordComponent[] components = recordClass.getRecordComponents();
    boolean[] matched = new boolean[type.fields().size()];
    for (RecordComponent c : components) {
      int f = fieldIndex(type, c.getName());
      if (f < 0) {
        throw new MessageFormatException(child(path, c.getName()), "record " + recordClass.getSimpleName()
            + " has a component '" + c.getName() + "' but " + type.name() + " has no such field");
      }
      if (matched[f]) {
        throw new MessageFormatException(child(path, type.fields().get(f).name()), "record "
            + recordClass.getSimpleName() + " has two components for this field");
      }
      matched[f] = true;
    }
    for (Field f : type.fields()) {
      RecordComponent c = component(components, f.name());
      if (c == null) {
        throw new MessageFormatException(child(path, f.name()), "record " + recordClass.getSimpleName()
            + " has no component for this " + f.type().rosName() + " field of " + type.name());
      }
      checkKind(child(path, f.name()), f.type(), c.getGenericType());
    }
  }

  private static void checkKind(String path, FieldType type, Type javaType) {
    Class<?> raw = rawClass(javaType);
    if (type instanceof FieldType.Builtin b) {
      if (!fitsBuiltin(b.primitive(), raw)) {
        throw wrongKind(path, type, javaType, expectedFor(b.primitive()));
      }
    } else if (type instanceof FieldType.Nested n) {
      if (raw == Message.class) {
        return;
      }
      if (raw == null || !raw.isRecord()) {
        throw wrongKind(path, type, javaType, "a record or a Message");
      }
      checkRecord(path, n.type(), raw);
    } else {
      FieldType.Array a = (FieldType.Array) type;
      if (a.isBytes()) {
        if (raw != byte[].class && raw != ByteString.class) {
          throw wrongKind(path, type, javaType, "byte[] or ByteString");
        }
        return;
      }
      Type element = elementType(javaType);
      if (element == null) {
        throw wrongKind(path, type, javaType, "a List<E> or an array");
      }
      checkKind(path + "[]", a.element(), element);
    }
  }

  private static boolean fitsBuiltin(Primitive p, Class<?> raw) {
    return switch (p) {
      case BOOL -> raw == boolean.class || raw == Boolean.class;
      case STRING -> raw == String.class;
      case TIME -> raw == RosTime.class;
      case DURATION -> raw == RosDuration.class;
      case FLOAT32, FLOAT64 -> FLOATING.contains(raw);
      default -> INTEGRAL.contains(raw);
    };
  }

  private static String expectedFor(Primitive p) {
    return switch (p) {
      case BOOL -> "boolean";
      case STRING -> "String";
      case TIME -> "RosTime";
      case DURATION -> "RosDuration";
      case FLOAT32, FLOAT64 -> "float or double";
      default -> "byte, short, int, long or BigInteger";
    };
  }

  private static MessageFormatException wrongKind(String path, FieldType type, Type javaType, String expected) {
    return new MessageFormatException(path, "the field is a " + type.rosName() + " but the record component is a "
        + javaType.getTypeName() + " (expected " + expected + ")");
  }

  // ---- message to record ----

  private static Object recordOf(String path, Message message, Class<?> recordClass) {
    RecordComponent[] components = recordClass.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int k = 0; k < components.length; k++) {
      RecordComponent c = components[k];
      int f = fieldIndex(message.type(), c.getName());
      Field field = message.type().fields().get(f);
      args[k] = toComponent(child(path, field.name()), field.type(), c.getGenericType(), message.get(f));
    }
    return construct(path, recordClass, components, args);
  }

  private static Object toComponent(String path, FieldType type, Type javaType, Object value) {
    Class<?> raw = rawClass(javaType);
    if (type instanceof FieldType.Builtin b) {
      if (INTEGRAL.contains(raw)) {
        return integral(path, b.primitive(), raw, ((Number) value).longValue());
      }
      if (FLOATING.contains(raw)) {
        Number n = (Number) value;
        return raw == float.class || raw == Float.class ? (Object) n.floatValue() : (Object) n.doubleValue();
      }
      return value;
    }
    if (type instanceof FieldType.Nested) {
      return raw == Message.class ? value : recordOf(path, (Message) value, raw);
    }
    FieldType.Array a = (FieldType.Array) type;
    if (a.isBytes()) {
      return raw == byte[].class ? ((ByteString) value).toArray() : value;
    }
    List<?> list = (List<?>) value;
    Type elementType = elementType(javaType);
    if (raw.isArray()) {
      Object array = Array.newInstance(raw.getComponentType(), list.size());
      for (int i = 0; i < list.size(); i++) {
        Array.set(array, i, toComponent(path + "[" + i + "]", a.element(), elementType, list.get(i)));
      }
      return array;
    }
    List<Object> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(toComponent(path + "[" + i + "]", a.element(), elementType, list.get(i)));
    }
    return Collections.unmodifiableList(out);
  }

  private static Object integral(String path, Primitive p, Class<?> raw, long v) {
    if (raw == BigInteger.class) {
      return p.canonical() == Primitive.UINT64 ? new BigInteger(Long.toUnsignedString(v)) : BigInteger.valueOf(v);
    }
    if (raw == long.class || raw == Long.class) {
      return v;
    }
    long min;
    long max;
    if (raw == int.class || raw == Integer.class) {
      min = Integer.MIN_VALUE;
      max = Integer.MAX_VALUE;
    } else if (raw == short.class || raw == Short.class) {
      min = Short.MIN_VALUE;
      max = Short.MAX_VALUE;
    } else {
      min = Byte.MIN_VALUE;
      max = Byte.MAX_VALUE;
    }
    // A uint64 above 2^63 is held as a negative long: it fits no narrower component.
    if (v < min || v > max || (p.canonical() == Primitive.UINT64 && v < 0)) {
      String shown = p.canonical() == Primitive.UINT64 ? Long.toUnsignedString(v) : Long.toString(v);
      throw new MessageFormatException(path, p.rosName() + " value " + shown + " does not fit the record's "
          + raw.getSimpleName() + " component");
    }
    if (raw == int.class || raw == Integer.class) {
      return (int) v;
    }
    return raw == short.class || raw == Short.class ? (Object) (short) v : (Object) (byte) v;
  }

  private static Object construct(String path, Class<?> recordClass, RecordComponent[] components, Object[] args) {
    Class<?>[] types = new Class<?>[components.length];
    for (int k = 0; k < components.length; k++) {
      types[k] = components[k].getType();
    }
    String at = path.isEmpty() ? recordClass.getSimpleName() : path;
    try {
      Constructor<?> constructor = recordClass.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new MessageFormatException(at, "the constructor of record " + recordClass.getSimpleName()
          + " refused the values: " + e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new MessageFormatException(at, "cannot create record " + recordClass.getName() + ": " + e);
    }
  }

  // ---- record to message ----

  private static Message messageOf(String path, MessageType type, Record record) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[type.fields().size()];
    for (int f = 0; f < values.length; f++) {
      Field field = type.fields().get(f);
      RecordComponent c = component(components, field.name());
      String at = child(path, field.name());
      Object value = read(at, record, c);
      values[f] = FieldValues.normalize(at, field.type(), fromComponent(at, field.type(), c.getGenericType(), value));
    }
    return Message.ofTrusted(type, values);
  }

  private static Object fromComponent(String path, FieldType type, Type javaType, Object value) {
    if (value == null) {
      throw new MessageFormatException(path, "the record component is null");
    }
    if (type instanceof FieldType.Nested n) {
      return value instanceof Record r ? messageOf(path, n.type(), r) : value;
    }
    if (!(type instanceof FieldType.Array a) || a.isBytes()) {
      return value;
    }
    Type elementType = elementType(javaType);
    List<Object> out = new ArrayList<>();
    if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      for (int i = 0; i < length; i++) {
        out.add(fromComponent(path + "[" + i + "]", a.element(), elementType, Array.get(value, i)));
      }
    } else {
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        out.add(fromComponent(path + "[" + i + "]", a.element(), elementType, list.get(i)));
      }
    }
    return out;
  }

  private static Object read(String path, Record record, RecordComponent c) {
    try {
      var accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (InvocationTargetException e) {
      throw new MessageFormatException(path, "the accessor of record component '" + c.getName() + "' threw: "
          + e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new MessageFormatException(path, "cannot read record component '" + c.getName() + "': " + e);
    }
  }

  // ---- names and types ----

  /** The field a component names: its own name, or the field whose camelCase form it is. */
  private static int fieldIndex(MessageType type, String componentName) {
    int i = type.indexOf(componentName);
    if (i >= 0) {
      return i;
    }
    for (int f = 0; f < type.fields().size(); f++) {
      if (camelCase(type.fields().get(f).name()).equals(componentName)) {
        return f;
      }
    }
    return -1;
  }

  private static RecordComponent component(RecordComponent[] components, String fieldName) {
    String camel = camelCase(fieldName);
    RecordComponent byCamel = null;
    for (RecordComponent c : components) {
      if (c.getName().equals(fieldName)) {
        return c;
      }
      if (c.getName().equals(camel)) {
        byCamel = c;
      }
    }
    return byCamel;
  }

  static String camelCase(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch == '_' && out.length() > 0) {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      }
    }
    return out.toString();
  }

  private static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    if (t instanceof GenericArrayType g) {
      Class<?> component = rawClass(g.getGenericComponentType());
      return component == null ? null : Array.newInstance(component, 0).getClass();
    }
    return null;
  }

  /** The element type of a {@code List<E>} or an array type, or null when it is neither. */
  private static Type elementType(Type t) {
    if (t instanceof Class<?> c && c.isArray()) {
      return c.getComponentType();
    }
    if (t instanceof GenericArrayType g) {
      return g.getGenericComponentType();
    }
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type arg = p.getActualTypeArguments()[0];
      return arg instanceof Class<?> || arg instanceof ParameterizedType ? arg : null;
    }
    return null;
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
