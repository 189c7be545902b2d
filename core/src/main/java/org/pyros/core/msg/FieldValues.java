package org.pyros.core.msg;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Checks and normalizes field values to the Java classes a {@link Message} holds, and makes
 * default values. Shared by the builder, JSON decoding and the wire decoders.
 */
public final class FieldValues {
  private FieldValues() {}

  /** The default value of a type: zero, false, "", empty array, default nested message. */
  public static Object defaultValue(FieldType type) {
    if (type instanceof FieldType.Builtin b) {
      return defaultValue(b.primitive());
    }
    if (type instanceof FieldType.Nested n) {
      return n.type().defaultMessage();
    }
    FieldType.Array a = (FieldType.Array) type;
    if (a.isBytes()) {
      return a.isFixed() ? ByteString.fromArrayUnsafe(new byte[a.fixedLength()]) : ByteString.emptyByteString();
    }
    return a.isFixed() ? Collections.nCopies(a.fixedLength(), defaultValue(a.element())) : List.of();
  }

  static Object defaultValue(Primitive p) {
    return switch (p) {
      case BOOL -> Boolean.FALSE;
      case INT8, UINT8, BYTE, CHAR, INT16, UINT16, INT32 -> 0;
      case UINT32, INT64, UINT64 -> 0L;
      case FLOAT32 -> 0f;
      case FLOAT64 -> 0d;
      case STRING -> "";
      case TIME -> RosTime.ZERO;
      case DURATION -> RosDuration.ZERO;
    };
  }

  /**
   * Converts {@code value} to what a message holds for {@code type}, checking ranges and
   * lengths. Numbers of any class are accepted when they fit; lists, {@code byte[]} and
   * {@link ByteString} are accepted for byte arrays; a {@code Map} of field values is accepted
   * for a nested message (see {@link Message#of}).
   *
   * @throws MessageFormatException naming {@code path} when the value does not fit
   */
  public static Object normalize(String path, FieldType type, Object value) {
    if (value == null) {
      throw new MessageFormatException(path, "null is not a " + type.rosName());
    }
    if (type instanceof FieldType.Builtin b) {
      return normalize(path, b.primitive(), value);
    }
    if (type instanceof FieldType.Nested n) {
      if (value instanceof Message m && m.type().name().equals(n.type().name())) {
        return m;
      }
      if (value instanceof java.util.Map<?, ?> fields) {
        return MessageMaps.toMessage(path, n.type(), fields);
      }
      throw new MessageFormatException(path, "expected a " + n.type().name() + " message, got " + describe(value));
    }
    return normalizeArray(path, (FieldType.Array) type, value);
  }

  private static Object normalizeArray(String path, FieldType.Array a, Object value) {
    Object result;
    int length;
    if (a.isBytes()) {
      ByteString bytes = toBytes(path, a, value);
      length = bytes.length();
      result = bytes;
    } else {
      if (!(value instanceof List<?> list)) {
        throw new MessageFormatException(path, "expected a list for " + a.rosName() + ", got " + describe(value));
      }
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(normalize(path + "[" + i + "]", a.element(), list.get(i)));
      }
      length = out.size();
      result = Collections.unmodifiableList(out);
    }
    if (a.isFixed() && length != a.fixedLength()) {
      throw new MessageFormatException(path, "expected exactly " + a.fixedLength() + " elements, got " + length);
    }
    return result;
  }

  private static ByteString toBytes(String path, FieldType.Array a, Object value) {
    if (value instanceof ByteString bs) {
      return bs;
    }
    if (value instanceof byte[] raw) {
      return ByteString.fromArray(raw);
    }
    if (value instanceof List<?> list) {
      Primitive p = ((FieldType.Builtin) a.element()).primitive();
      byte[] out = new byte[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) (int) (Integer) normalize(path + "[" + i + "]", p, list.get(i));
      }
      return ByteString.fromArrayUnsafe(out);
    }
    throw new MessageFormatException(path, "expected bytes for " + a.rosName() + ", got " + describe(value));
  }

  private static Object normalize(String path, Primitive p, Object v) {
    switch (p) {
      case BOOL -> {
        if (v instanceof Boolean) {
          return v;
        }
      }
      case STRING -> {
        if (v instanceof String) {
          return v;
        }
      }
      case TIME -> {
        if (v instanceof RosTime) {
          return v;
        }
      }
      case DURATION -> {
        if (v instanceof RosDuration) {
          return v;
        }
      }
      case FLOAT32 -> {
        if (v instanceof Number n) {
          return n.floatValue();
        }
      }
      case FLOAT64 -> {
        if (v instanceof Number n) {
          return n.doubleValue();
        }
      }
      default -> {
        return integer(path, p, v);
      }
    }
    throw new MessageFormatException(path, "expected " + p.rosName() + ", got " + describe(v));
  }

  private static Object integer(String path, Primitive p, Object v) {
    if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger)) {
      throw new MessageFormatException(path, "expected " + p.rosName() + ", got " + describe(v));
    }
    BigInteger big = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    long min;
    BigInteger max;
    switch (p.canonical()) {
      case INT8 -> { min = Byte.MIN_VALUE; max = BigInteger.valueOf(Byte.MAX_VALUE); }
      case UINT8 -> { min = 0; max = BigInteger.valueOf(0xFF); }
      case INT16 -> { min = Short.MIN_VALUE; max = BigInteger.valueOf(Short.MAX_VALUE); }
      case UINT16 -> { min = 0; max = BigInteger.valueOf(0xFFFF); }
      case INT32 -> { min = Integer.MIN_VALUE; max = BigInteger.valueOf(Integer.MAX_VALUE); }
      case UINT32 -> { min = 0; max = BigInteger.valueOf(0xFFFF_FFFFL); }
      case INT64 -> { min = Long.MIN_VALUE; max = BigInteger.valueOf(Long.MAX_VALUE); }
      case UINT64 -> {
        // A negative Long is accepted as the same 64 bits; a BigInteger must be in 0..2^64-1.
        if (v instanceof Long l) {
          return l;
        }
        min = v instanceof BigInteger ? 0 : Long.MIN_VALUE;
        max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
      }
      default -> throw new IllegalStateException(p.toString());
    }
    if (big.compareTo(BigInteger.valueOf(min)) < 0 || big.compareTo(max) > 0) {
      throw new MessageFormatException(path, big + " is out of range for " + p.rosName());
    }
    return p.javaClass() == Integer.class ? (Object) big.intValue() : (Object) big.longValue();
  }

  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Message m) {
      return "a " + m.type().name() + " message";
    }
    return v.getClass().getSimpleName() + " " + (v instanceof String s ? '"' + s + '"' : String.valueOf(v));
  }
}
