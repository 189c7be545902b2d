package org.pyros.core.node;

import java.util.Optional;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/**
 * A parameter's value as plain Java data (Boolean, Integer, Long, Double, String, byte[], List,
 * Map for a namespace); {@code value} is null when the parameter is not set.
 */
public record ParamValue(String name, Object value) {
  public Optional<Object> asOptional() {
    return Optional.ofNullable(value);
  }

  /**
   * The value as {@code type}, empty when not set. Numbers convert where no information is lost
   * (an Integer reads as Long or Double, a Long within range as Integer); a value of another
   * kind is a {@link PyrosException} {@code BAD_MESSAGE} naming both types.
   */
  @SuppressWarnings("unchecked") // converted is an instance of type, or of its box for a primitive type
  public <T> Optional<T> as(Class<T> type) {
    if (value == null) {
      return Optional.empty();
    }
    Object converted = convert(type);
    if (converted == null) {
      throw new PyrosException(ErrorCode.BAD_MESSAGE, "param " + name + " is " + kind(value) + ", not " + type.getSimpleName());
    }
    return Optional.of((T) converted);
  }

  private Object convert(Class<?> type) {
    Class<?> boxed = boxed(type);
    if (boxed.isInstance(value)) {
      return value;
    }
    if (boxed == Double.class && (value instanceof Integer || value instanceof Long)) {
      return ((Number) value).doubleValue();
    }
    if (boxed == Long.class && value instanceof Integer i) {
      return i.longValue();
    }
    if (boxed == Integer.class && value instanceof Long l && l == l.intValue()) {
      return l.intValue();
    }
    return null;
  }

  private static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return type == int.class ? Integer.class : type == long.class ? Long.class : type == double.class ? Double.class
        : type == boolean.class ? Boolean.class : type;
  }

  private static String kind(Object v) {
    return v instanceof java.util.Map ? "a namespace (Map)" : v instanceof byte[] ? "binary (byte[])"
        : "a " + v.getClass().getSimpleName() + " (" + v + ")";
  }
}
