package org.pyros.core.msg;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * An immutable message: a {@link MessageType} and one value per field, in definition order.
 *
 * <p>Values are of the classes documented on {@link Primitive}; nested messages are
 * {@code Message}; arrays of 8-bit types are {@link ByteString}; other arrays are unmodifiable
 * {@link List}s. Build one with {@link #builder(MessageType)}, from a map with {@link #of} or
 * from a record with {@link #from}; derive one with {@link #with}.
 *
 * <p>Getters and {@link #with} take a path: a field name, or field names joined by dots with
 * {@code [i]} to index an array, e.g. {@code pose.position.x} or {@code points[2].y}. A path
 * that does not lead to a value of the asked kind is a {@link MessageFormatException} naming
 * the path and what is wrong.
 */
public final class Message {
  private final MessageType type;
  private final Object[] values;

  private Message(MessageType type, Object[] values) {
    this.type = type;
    this.values = values;
  }

  /** A builder whose fields start at their defaults. */
  public static Builder builder(MessageType type) {
    return new Builder(type);
  }

  /**
   * A message from field values: field name to value, a nested {@code Map} for a nested message,
   * a {@code List} for an array (of maps for an array of messages). Values are converted as
   * {@link Builder#set} converts them; fields not given keep their defaults.
   *
   * <pre>{@code
   * Message twist = Message.of(twistType, Map.of("linear", Map.of("x", 0.5), "angular", Map.of("z", 0.1)));
   * }</pre>
   *
   * @throws MessageFormatException naming the field path when a name is not a field of the type
   *     or a value does not fit its field
   */
  public static Message of(MessageType type, Map<String, ?> fields) {
    return MessageMaps.toMessage("", type, fields);
  }

  /**
   * A message from a record whose components match the type's fields by name (as written or in
   * camelCase): nested records for nested messages, {@code List}s or arrays for arrays,
   * {@code byte[]} for byte arrays, primitive or boxed numbers converted as {@link Builder#set}
   * converts them. The reverse of {@link #as}.
   *
   * @throws MessageFormatException naming the field when the record lacks a component for a
   *     field, has a component that is no field, or has a component of a kind that cannot hold
   *     its field (or a value that does not fit)
   */
  public static Message from(MessageType type, Record record) {
    return MessageRecords.fromRecord(type, record);
  }

  /**
   * A message from values already in the held classes, in field order, without checks. For
   * decoders that produce exactly those classes (the ROS1 wire decoder, JSON decoding).
   */
  public static Message ofTrusted(MessageType type, Object[] values) {
    if (values.length != type.fields().size()) {
      throw new IllegalArgumentException(type.name() + " has " + type.fields().size() + " fields, got " + values.length);
    }
    return new Message(type, values);
  }

  public MessageType type() {
    return type;
  }

  /** The value at a field position. */
  public Object get(int index) {
    return values[index];
  }

  /**
   * The value at a path (see the class comment): a field, {@code a.b} in a nested message,
   * {@code a[2]} an array element (an element of a byte array as an {@code Integer}).
   *
   * @throws MessageFormatException naming the path when it leads to no value
   */
  public Object get(String path) {
    if (MessagePaths.isPlainName(path)) {
      int i = type.indexOf(path);
      if (i < 0) {
        throw new MessageFormatException(path, "no such field in " + type.name());
      }
      return values[i];
    }
    return MessagePaths.resolve(this, path).value();
  }

  /** The string at a path; a {@link MessageFormatException} when it is not a string. */
  public String getString(String path) {
    return typed(path, String.class, "a string");
  }

  /** The bool at a path; a {@link MessageFormatException} when it is not a bool. */
  public boolean getBool(String path) {
    return typed(path, Boolean.class, "a bool");
  }

  /** Any number at a path as a long ({@code uint64} as its 64 bits, floats truncated). */
  public long getLong(String path) {
    return typed(path, Number.class, "a number").longValue();
  }

  /**
   * Any number at a path as an int (floats truncated); a {@link MessageFormatException} when an
   * integer does not fit an int.
   */
  public int getInt(String path) {
    Number n = typed(path, Number.class, "a number");
    if (n instanceof Long l && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
      throw new MessageFormatException(path, l + " does not fit an int; read it with getLong");
    }
    return n.intValue();
  }

  /** Any number at a path as a double. */
  public double getDouble(String path) {
    return typed(path, Number.class, "a number").doubleValue();
  }

  /** The nested message at a path. */
  public Message getMessage(String path) {
    return typed(path, Message.class, "a message");
  }

  /** The byte array ({@code uint8[]}, {@code int8[]}) at a path. */
  public ByteString getBytes(String path) {
    return typed(path, ByteString.class, "a byte array");
  }

  /** The array at a path (not a byte array: see {@link #getBytes}), unmodifiable. */
  @SuppressWarnings("unchecked")
  public <T> List<T> getList(String path) {
    return typed(path, List.class, "an array of non-byte elements");
  }

  /**
   * A copy with the value at a path replaced, converted as {@link Builder#set} converts (a
   * {@code Map} for a nested message too): {@code with("linear.x", 0.5)},
   * {@code with("points[1].y", 2)}. Arrays keep their length.
   *
   * @throws MessageFormatException naming the path when it leads to no value or the value does
   *     not fit there
   */
  public Message with(String path, Object value) {
    if (MessagePaths.isPlainName(path)) {
      int i = type.indexOf(path);
      if (i < 0) {
        throw new MessageFormatException(path, "no such field in " + type.name());
      }
      return withValue(i, FieldValues.normalize(path, type.fields().get(i).type(), value));
    }
    return MessagePaths.with(this, path, value);
  }

  /**
   * This message as a record of {@code recordClass}, whose components match the type's fields by
   * name (as written or in camelCase). The reverse of {@link #from}; see there for the kinds of
   * components that hold each field.
   *
   * <pre>{@code
   * record Vector3(double x, double y, double z) {}
   * record Twist(Vector3 linear, Vector3 angular) {}
   * Twist t = message.as(Twist.class);
   * }</pre>
   *
   * @throws MessageFormatException naming the field when the record does not fit the type or a
   *     value does not fit its component
   */
  public <R extends Record> R as(Class<R> recordClass) {
    return MessageRecords.toRecord(this, recordClass);
  }

  /** A copy with the value at {@code index} replaced by one already in the held class. */
  Message withValue(int index, Object normalized) {
    Object[] copy = values.clone();
    copy[index] = normalized;
    return new Message(type, copy);
  }

  private <T> T typed(String path, Class<T> expected, String what) {
    Object value;
    FieldType at;
    if (MessagePaths.isPlainName(path)) {
      value = get(path);
      at = type.fields().get(type.indexOf(path)).type();
    } else {
      MessagePaths.Resolved r = MessagePaths.resolve(this, path);
      value = r.value();
      at = r.type();
    }
    if (!expected.isInstance(value)) {
      throw new MessageFormatException(path, "is a " + at.rosName() + ", not " + what);
    }
    return expected.cast(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m && type.name().equals(m.type.name()) && Arrays.equals(values, m.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type.name(), Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return type.name() + MessageJson.toJsonString(this);
  }

  /** Builds a {@link Message}; fields not set keep their defaults. */
  public static final class Builder {
    private final MessageType type;
    private final Object[] values;

    private Builder(MessageType type) {
      this.type = type;
      this.values = new Object[type.fields().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = FieldValues.defaultValue(type.fields().get(i).type());
      }
    }

    /**
     * Sets a field, converting numbers, lists and byte arrays to the held classes.
     *
     * @throws MessageFormatException naming the field when the value does not fit
     */
    public Builder set(String field, Object value) {
      int i = type.indexOf(field);
      if (i < 0) {
        throw new MessageFormatException(field, "no such field in " + type.name());
      }
      values[i] = FieldValues.normalize(field, type.fields().get(i).type(), value);
      return this;
    }

    public Message build() {
      return new Message(type, values.clone());
    }
  }
}
