package org.pyros.ros.msg;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Constant;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.ServiceType;

/**
 * Parses ROS1 {@code .msg} and {@code .srv} text into {@link MessageType}s and
 * {@link ServiceType}s, following genmsg's rules: {@code #} starts a comment, blank lines are
 * skipped, {@code TYPE NAME=VALUE} declares a constant (a string constant's value is the rest of
 * the line, {@code #} included), {@code Header} means {@code std_msgs/Header}, and a nested type
 * without a package is in the package of the type being parsed.
 */
public final class MessageTextParser {
  private static final Pattern BASE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern ARRAY_SUFFIX = Pattern.compile("\\[([0-9]*)]$");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private MessageTextParser() {}

  /**
   * Parses the text of a message type.
   *
   * @param fullName the type's name, {@code pkg/Name}
   * @param text the .msg text; kept as the type's {@link MessageType#definition()}
   * @param resolver finds nested types by full name
   * @throws MessageTextException naming the line when the text is not a valid message
   */
  public static MessageType parseMessage(String fullName, String text, TypeResolver resolver) {
    return parseLines(fullName, text, 0, resolver);
  }

  /**
   * Parses the text of a service type: request fields, a line starting with {@code ---}, then
   * response fields. The parts are named {@code pkg/NameRequest} and {@code pkg/NameResponse}.
   */
  public static ServiceType parseService(String fullName, String text, TypeResolver resolver) {
    checkTypeName(fullName);
    StringBuilder request = new StringBuilder();
    StringBuilder response = new StringBuilder();
    StringBuilder part = request;
    int requestLines = 0;
    for (String line : text.split("\n", -1)) {
      if (part == request && line.startsWith("---")) {
        part = response;
        requestLines++;
        continue;
      }
      if (part == request) {
        requestLines++;
      }
      part.append(line).append('\n');
    }
    if (part == request) {
      throw new MessageTextException(fullName, requestLines, "", "no '---' line between request and response");
    }
    MessageType req = parseLines(fullName + "Request", request.toString(), 0, resolver);
    MessageType res = parseLines(fullName + "Response", response.toString(), requestLines, resolver);
    return new ServiceType(fullName, req, res);
  }

  /** The package of a full type name ({@code pkg} of {@code pkg/Name}). */
  public static String packageOf(String fullName) {
    int slash = fullName.indexOf('/');
    return slash < 0 ? "" : fullName.substring(0, slash);
  }

  /**
   * Checks that a name is a full type name {@code pkg/Name} made of legal base names.
   *
   * @throws PyrosException with {@code UNKNOWN_TYPE} when it is not
   */
  public static void checkTypeName(String fullName) {
    int slash = fullName == null ? -1 : fullName.indexOf('/');
    if (slash < 0
        || !BASE_NAME.matcher(fullName.substring(0, slash)).matches()
        || !BASE_NAME.matcher(fullName.substring(slash + 1)).matches()) {
      throw new PyrosException(org.pyros.core.error.ErrorCode.UNKNOWN_TYPE,
          "'" + fullName + "' is not a valid type name (expected pkg/Name)");
    }
  }

  private static MessageType parseLines(String fullName, String text, int lineOffset, TypeResolver resolver) {
    checkTypeName(fullName);
    String pkg = packageOf(fullName);
    List<Field> fields = new ArrayList<>();
    List<Constant> constants = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int lineNo = lineOffset + i + 1;
      int hash = line.indexOf('#');
      String clean = (hash < 0 ? line : line.substring(0, hash)).strip();
      if (clean.isEmpty()) {
        continue;
      }
      try {
        String name;
        if (clean.indexOf('=') >= 0) {
          Constant c = constant(line, clean);
          constants.add(c);
          name = c.name();
        } else {
          Field f = field(clean, pkg, resolver);
          fields.add(f);
          name = f.name();
        }
        if (!names.add(name)) {
          throw new IllegalArgumentException("'" + name + "' is declared twice");
        }
      } catch (PyrosException e) {
        if (e instanceof MessageTextException) {
          throw e;
        }
        throw new MessageTextException(fullName, lineNo, line, e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new MessageTextException(fullName, lineNo, line, e.getMessage(), e);
      }
    }
    return new MessageType(fullName, fields, constants, text);
  }

  private static Constant constant(String line, String clean) {
    String[] head = WHITESPACE.split(clean, 2);
    Primitive type = Primitive.fromRosName(head[0]);
    if (type == null || type == Primitive.TIME || type == Primitive.DURATION) {
      throw new IllegalArgumentException("'" + head[0] + "' is not a legal constant type");
    }
    String name;
    String valueText;
    if (type == Primitive.STRING) {
      // The value runs to the end of the line: '#' is part of it, not a comment.
      int start = line.indexOf(head[0]) + head[0].length();
      int eq = line.indexOf('=', start);
      name = line.substring(start, eq).strip();
      valueText = line.substring(eq + 1).strip();
    } else {
      String[] parts = head.length < 2 ? new String[0] : head[1].split("=", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("a constant is TYPE NAME=VALUE");
      }
      name = parts[0].strip();
      valueText = parts[1].strip();
    }
    if (!BASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a legal constant name");
    }
    return new Constant(type, name, valueText, constantValue(type, valueText));
  }

  private static Object constantValue(Primitive type, String text) {
    switch (type) {
      case STRING:
        return text;
      case BOOL:
        return switch (text) {
          case "True", "true", "1" -> Boolean.TRUE;
          case "False", "false", "0" -> Boolean.FALSE;
          default -> throw new IllegalArgumentException("'" + text + "' is not a bool");
        };
      case FLOAT32:
      case FLOAT64:
        try {
          double d = Double.parseDouble(text);
          return type == Primitive.FLOAT32 ? (Object) (float) d : (Object) d;
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + text + "' is not a number");
        }
      default:
        BigInteger v;
        try {
          v = new BigInteger(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + text + "' is not an integer");
        }
        int bits = type.wireSize() * 8;
        boolean unsigned = type.canonical().rosName().startsWith("u");
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
            : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
          throw new IllegalArgumentException(text + " is out of range for " + type.rosName());
        }
        return type.javaClass() == Integer.class ? (Object) v.intValue() : (Object) v.longValue();
    }
  }

  private static Field field(String clean, String pkg, TypeResolver resolver) {
    String[] parts = WHITESPACE.split(clean);
    if (parts.length != 2) {
      throw new IllegalArgumentException("a field is TYPE NAME");
    }
    String name = parts[1];
    if (!BASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a legal field name");
    }
    return new Field(name, fieldType(parts[0], pkg, resolver));
  }

  private static FieldType fieldType(String written, String pkg, TypeResolver resolver) {
    var m = ARRAY_SUFFIX.matcher(written);
    if (m.find()) {
      String base = written.substring(0, m.start());
      if (base.indexOf('[') >= 0 || base.indexOf(']') >= 0) {
        throw new IllegalArgumentException("'" + written + "' is not a legal field type");
      }
      int length = -1;
      if (!m.group(1).isEmpty()) {
        try {
          length = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("array length in '" + written + "' is too large");
        }
      }
      return new FieldType.Array(elementType(written, base, pkg, resolver), length);
    }
    return elementType(written, written, pkg, resolver);
  }

  private static FieldType elementType(String written, String base, String pkg, TypeResolver resolver) {
    Primitive p = Primitive.fromRosName(base);
    if (p != null) {
      return new FieldType.Builtin(p);
    }
    String fullName = resolveName(base, pkg);
    if (fullName == null) {
      throw new IllegalArgumentException("'" + written + "' is not a legal field type");
    }
    return new FieldType.Nested(resolver.resolve(fullName));
  }

  /**
   * The full name a nested type written as {@code base} means inside package {@code pkg}:
   * {@code Header} is {@code std_msgs/Header}, {@code Name} is {@code pkg/Name}. Null when the
   * name is not legal.
   */
  static String resolveName(String base, String pkg) {
    if (base.equals("Header")) {
      return "std_msgs/Header";
    }
    int slash = base.indexOf('/');
    if (slash < 0) {
      return BASE_NAME.matcher(base).matches() && !pkg.isEmpty() ? pkg + "/" + base : null;
    }
    boolean legal = BASE_NAME.matcher(base.substring(0, slash)).matches()
        && BASE_NAME.matcher(base.substring(slash + 1)).matches();
    return legal ? base : null;
  }
}
