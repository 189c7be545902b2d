package org.pyros.core.msg;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * An immutable message: a {@link MessageType} and one value per field, in definition order.
 *
 * <p>Values are of the classes documented on {@link Primitive}; nested messages are
 * {@code Message}; arrays of 8-bit types are {@link ByteString}; other arrays are unmodifiable
 * {@link List}s. Build one with {@link #builder(MessageType)}, derive one with {@link #with}.
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

  /** The value of a field; throws {@link MessageFormatException} when there is no such field. */
  public Object get(String field) {
    int i = type.indexOf(field);
    if (i < 0) {
      throw new MessageFormatException(field, "no such field in " + type.name());
    }
    return values[i];
  }

  public String getString(String field) {
    return (String) get(field);
  }

  public boolean getBool(String field) {
    return (Boolean) get(field);
  }

  /** Any integer field as a long ({@code uint64} as its 64 bits). */
  public long getLong(String field) {
    return ((Number) get(field)).longValue();
  }

  public int getInt(String field) {
    return ((Number) get(field)).intValue();
  }

  /** Any numeric field as a double. */
  public double getDouble(String field) {
    return ((Number) get(field)).doubleValue();
  }

  public Message getMessage(String field) {
    return (Message) get(field);
  }

  public ByteString getBytes(String field) {
    return (ByteString) get(field);
  }

  @SuppressWarnings("unchecked")
  public <T> List<T> getList(String field) {
    return (List<T>) get(field);
  }

  /** A copy with one field changed. */
  public Message with(String field, Object value) {
    int i = type.indexOf(field);
    if (i < 0) {
      throw new MessageFormatException(field, "no such field in " + type.name());
    }
    Object[] copy = values.clone();
    copy[i] = FieldValues.normalize(field, type.fields().get(i).type(), value);
    return new Message(type, copy);
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
