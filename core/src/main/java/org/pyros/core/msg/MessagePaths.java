package org.pyros.core.msg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Reads and replaces values of a {@link Message} by path: field names joined by dots, with
 * {@code [i]} indexing an array, e.g. {@code pose.position.x} or {@code poses[2].position.x}.
 * Every failure is a {@link MessageFormatException} naming the path and what is wrong.
 */
final class MessagePaths {
  private MessagePaths() {}

  /** A value found at a path, with the field type it has there. */
  record Resolved(Object value, FieldType type) {}

  private sealed interface Step permits Name, Index {}

  private record Name(String name) implements Step {}

  private record Index(int index) implements Step {}

  /** True when {@code path} is a single field name, the common case that needs no parsing. */
  static boolean isPlainName(String path) {
    return !path.isEmpty() && path.indexOf('.') < 0 && path.indexOf('[') < 0 && path.indexOf(']') < 0;
  }

  static Resolved resolve(Message message, String path) {
    List<Step> steps = parse(path);
    Object value = message;
    FieldType type = new FieldType.Nested(message.type());
    StringBuilder at = new StringBuilder();
    for (Step step : steps) {
      String container = at.toString();
      append(at, step);
      if (step instanceof Name n) {
        Message m = asMessage(path, container, type, value);
        int i = m.type().indexOf(n.name());
        if (i < 0) {
          throw new MessageFormatException(path, "no field '" + n.name() + "' in " + m.type().name()
              + (container.isEmpty() ? "" : " (at '" + container + "')"));
        }
        value = m.get(i);
        type = m.type().fields().get(i).type();
      } else {
        int index = ((Index) step).index();
        FieldType.Array array = asArray(path, container, type);
        int length = length(value);
        if (index >= length) {
          throw new MessageFormatException(path, "index " + index + " is out of bounds: '" + container + "' has "
              + length + " elements");
        }
        value = element(array, value, index);
        type = array.element();
      }
    }
    return new Resolved(value, type);
  }

  /** A copy of {@code message} with the value at {@code path} replaced, converted as the builder does. */
  static Message with(Message message, String path, Object value) {
    List<Step> steps = parse(path);
    return (Message) replace(path, steps, 0, "", new FieldType.Nested(message.type()), message, value);
  }

  private static Object replace(String path, List<Step> steps, int i, String container, FieldType type,
      Object current, Object value) {
    Step step = steps.get(i);
    StringBuilder at = new StringBuilder(container);
    append(at, step);
    String here = at.toString();
    boolean last = i == steps.size() - 1;
    if (step instanceof Name n) {
      Message m = asMessage(path, container, type, current);
      int f = m.type().indexOf(n.name());
      if (f < 0) {
        throw new MessageFormatException(path, "no field '" + n.name() + "' in " + m.type().name()
            + (container.isEmpty() ? "" : " (at '" + container + "')"));
      }
      FieldType fieldType = m.type().fields().get(f).type();
      Object replaced = last
          ? FieldValues.normalize(here, fieldType, value)
          : replace(path, steps, i + 1, here, fieldType, m.get(f), value);
      return m.withValue(f, replaced);
    }
    int index = ((Index) step).index();
    FieldType.Array array = asArray(path, container, type);
    int length = length(current);
    if (index >= length) {
      throw new MessageFormatException(path, "index " + index + " is out of bounds: '" + container + "' has "
          + length + " elements");
    }
    if (current instanceof ByteString bytes) {
      if (!last) {
        throw new MessageFormatException(path, "'" + here + "' is a " + array.element().rosName() + ", not a message");
      }
      byte[] copy = bytes.toArray();
      copy[index] = (byte) (int) (Integer) FieldValues.normalize(here, array.element(), value);
      return ByteString.fromArrayUnsafe(copy);
    }
    List<Object> copy = new ArrayList<>((List<?>) current);
    copy.set(index, last
        ? FieldValues.normalize(here, array.element(), value)
        : replace(path, steps, i + 1, here, array.element(), copy.get(index), value));
    return Collections.unmodifiableList(copy);
  }

  private static Message asMessage(String path, String container, FieldType type, Object value) {
    if (value instanceof Message m) {
      return m;
    }
    throw new MessageFormatException(path, "'" + container + "' is a " + type.rosName() + ", not a message");
  }

  private static FieldType.Array asArray(String path, String container, FieldType type) {
    if (type instanceof FieldType.Array a) {
      return a;
    }
    throw new MessageFormatException(path, "'" + container + "' is a " + type.rosName() + ", not an array");
  }

  private static int length(Object array) {
    return array instanceof ByteString b ? b.length() : ((List<?>) array).size();
  }

  private static Object element(FieldType.Array array, Object value, int index) {
    if (value instanceof ByteString bytes) {
      byte b = bytes.apply(index);
      Primitive p = ((FieldType.Builtin) array.element()).primitive().canonical();
      return p == Primitive.UINT8 ? b & 0xFF : (int) b;
    }
    return ((List<?>) value).get(index);
  }

  private static void append(StringBuilder at, Step step) {
    if (step instanceof Name n) {
      if (at.length() > 0) {
        at.append('.');
      }
      at.append(n.name());
    } else {
      at.append('[').append(((Index) step).index()).append(']');
    }
  }

  /** Parses {@code name(.name|[digits])*}. */
  private static List<Step> parse(String path) {
    List<Step> steps = new ArrayList<>();
    int i = 0;
    int n = path.length();
    boolean expectName = true;
    while (i < n || expectName) {
      if (expectName) {
        int start = i;
        while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[' && path.charAt(i) != ']') {
          i++;
        }
        if (i == start) {
          throw new MessageFormatException(path, "bad path: a field name is missing at position " + start);
        }
        steps.add(new Name(path.substring(start, i)));
        expectName = false;
      } else if (path.charAt(i) == '.') {
        i++;
        expectName = true;
      } else if (path.charAt(i) == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw new MessageFormatException(path, "bad path: '[' at position " + i + " is not closed");
        }
        String digits = path.substring(i + 1, close);
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new MessageFormatException(path, "bad path: '" + digits + "' is not an array index");
        }
        steps.add(new Index(Integer.parseInt(digits)));
        i = close + 1;
      } else {
        throw new MessageFormatException(path, "bad path: unexpected '" + path.charAt(i) + "' at position " + i);
      }
    }
    return steps;
  }
}
