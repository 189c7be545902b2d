package org.pyros.ros2.msg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Constant;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.FieldValues;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;

/**
 * Parses ROS 2 {@code .msg} and {@code .srv} text (the interface definition syntax of rosidl)
 * into {@link Ros2Type}s: builtins {@code bool byte char float32 float64 int8..uint64 string
 * wstring}, bounded strings {@code string<=N}, arrays {@code T[]}, {@code T[<=N]}, {@code T[N]},
 * nested {@code pkg/Type} or same-package {@code Type}, constants {@code TYPE NAME=value},
 * defaults {@code TYPE name value}, {@code #} comments (not inside quoted values).
 *
 * <p>{@code byte} (an IDL octet) and {@code char} (an IDL uint8 in rosidl) are held as core's
 * {@code uint8}; the written type is kept on the {@link Ros2Field}. A type with no fields gets
 * {@code uint8 structure_needs_at_least_one_member}, as rosidl gives it, since DDS structs cannot
 * be empty.
 */
public final class InterfaceTextParser {
  /** The member rosidl adds to an empty type. */
  public static final String EMPTY_MEMBER = "structure_needs_at_least_one_member";

  private static final Pattern FIELD_NAME = Pattern.compile("(?!.*__)(?!.*_$)[a-z][a-z0-9_]*");
  private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z](?:[A-Z0-9_]?[A-Z0-9]+)*");
  private static final Pattern TYPE_TOKEN =
      Pattern.compile("([A-Za-z0-9_/]+?)(?:<=([0-9]+))?(?:\\[(<=)?([0-9]*)])?");
  private static final Pattern CONSTANT_REST = Pattern.compile("([A-Za-z0-9_]+)\\s*=(.*)", Pattern.DOTALL);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** Finds nested types by canonical name ({@code pkg/msg/Name}) while parsing. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * @throws PyrosException with {@code UNKNOWN_TYPE} when there is no such type
     */
    Ros2Type resolve(String canonicalName);
  }

  private InterfaceTextParser() {}

  /**
   * Parses a message definition.
   *
   * @param name the type's name, {@code pkg/msg/Name} (or {@code pkg/Name})
   * @throws InterfaceTextException naming the line when the text is not a valid definition
   */
  public static Ros2Type parseMessage(String name, String text, Resolver resolver) {
    String full = checkedName(name, "msg");
    return parsePart(full, packageOf(full), text, 0, resolver);
  }

  /**
   * Parses a service definition: request, a {@code ---} line, response. The parts are named
   * {@code pkg/srv/Name_Request} and {@code pkg/srv/Name_Response}.
   */
  public static Ros2Service parseService(String name, String text, Resolver resolver) {
    String full = checkedName(name, "srv");
    String[] lines = text.split("\n", -1);
    int separator = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().equals("---")) {
        separator = i;
        break;
      }
    }
    if (separator < 0) {
      throw new InterfaceTextException(full, lines.length, "", "no '---' line between request and response");
    }
    String request = String.join("\n", java.util.Arrays.asList(lines).subList(0, separator));
    String response = String.join("\n", java.util.Arrays.asList(lines).subList(separator + 1, lines.length));
    String pkg = packageOf(full);
    Ros2Type req = parsePart(full + "_Request", pkg, request, 0, resolver);
    Ros2Type res = parsePart(full + "_Response", pkg, response, separator + 1, resolver);
    return new Ros2Service(full, req, res, text);
  }

  private static String checkedName(String name, String kind) {
    String full;
    try {
      full = Ros2Names.canonicalTypeName(name, kind);
    } catch (IllegalArgumentException e) {
      throw new PyrosException(org.pyros.core.error.ErrorCode.UNKNOWN_TYPE, e.getMessage());
    }
    if (!full.split("/")[1].equals(kind)) {
      throw new PyrosException(org.pyros.core.error.ErrorCode.UNKNOWN_TYPE,
          "'" + name + "' is not a " + kind + " type name (expected pkg/" + kind + "/Name)");
    }
    return full;
  }

  static String packageOf(String canonical) {
    return canonical.substring(0, canonical.indexOf('/'));
  }

  private static Ros2Type parsePart(String fullName, String pkg, String text, int lineOffset, Resolver resolver) {
    List<Field> fields = new ArrayList<>();
    List<Ros2Field> ros2Fields = new ArrayList<>();
    List<Constant> constants = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int lineNo = lineOffset + i + 1;
      String clean = withoutComment(line).strip();
      if (clean.isEmpty()) {
        continue;
      }
      try {
        String[] head = WHITESPACE.split(clean, 2);
        if (head.length < 2) {
          throw new IllegalArgumentException("a field is TYPE NAME [DEFAULT], a constant TYPE NAME=VALUE");
        }
        String rest = head[1].strip();
        Matcher constant = CONSTANT_REST.matcher(rest);
        String declared;
        if (constant.matches()) {
          Constant c = constant(head[0], constant.group(1), constant.group(2).strip());
          constants.add(c);
          declared = c.name();
        } else {
          Ros2Field f = field(head[0], rest, pkg, resolver);
          fields.add(f.field());
          ros2Fields.add(f);
          declared = f.name();
        }
        if (!names.add(declared)) {
          throw new IllegalArgumentException("'" + declared + "' is declared twice");
        }
      } catch (InterfaceTextException e) {
        throw e;
      } catch (PyrosException | IllegalArgumentException e) {
        throw new InterfaceTextException(fullName, lineNo, line, e.getMessage());
      }
    }
    if (fields.isEmpty()) {
      Field member = new Field(EMPTY_MEMBER, FieldType.of(Primitive.UINT8));
      fields.add(member);
      ros2Fields.add(new Ros2Field(member, "uint8", false, -1, -1, null, null));
    }
    return new Ros2Type(new MessageType(fullName, fields, constants, text), ros2Fields);
  }

  /** The line without its comment: {@code #} outside a quoted value starts one. */
  static String withoutComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** The parts of a written type. */
  private record TypeToken(String base, int stringBound, boolean array, boolean bounded, int length) {}

  private static TypeToken typeToken(String written) {
    Matcher m = TYPE_TOKEN.matcher(written);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + written + "' is not a legal field type");
    }
    int stringBound = m.group(2) == null ? -1 : number(m.group(2), written);
    boolean array = written.endsWith("]");
    boolean bounded = m.group(3) != null;
    int length = -1;
    if (array && !m.group(4).isEmpty()) {
      length = number(m.group(4), written);
    } else if (bounded) {
      throw new IllegalArgumentException("'" + written + "': a bounded array needs its bound, T[<=N]");
    }
    if (bounded && length == 0) {
      throw new IllegalArgumentException("'" + written + "': the bound must be at least 1");
    }
    String base = m.group(1);
    if (stringBound >= 0 && !base.equals("string") && !base.equals("wstring")) {
      throw new IllegalArgumentException("'" + written + "': only string and wstring take a bound <=N");
    }
    if (stringBound == 0) {
      throw new IllegalArgumentException("'" + written + "': a string bound must be at least 1");
    }
    return new TypeToken(base, stringBound, array, bounded, length);
  }

  private static int number(String digits, String written) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + written + "': " + digits + " is too large");
    }
  }

  /** The core primitive of a ROS 2 builtin, or null when the name is not a builtin. */
  static Primitive primitive(String base) {
    return switch (base) {
      case "bool" -> Primitive.BOOL;
      case "byte", "char", "uint8" -> Primitive.UINT8;
      case "int8" -> Primitive.INT8;
      case "int16" -> Primitive.INT16;
      case "uint16" -> Primitive.UINT16;
      case "int32" -> Primitive.INT32;
      case "uint32" -> Primitive.UINT32;
      case "int64" -> Primitive.INT64;
      case "uint64" -> Primitive.UINT64;
      case "float32" -> Primitive.FLOAT32;
      case "float64" -> Primitive.FLOAT64;
      case "string", "wstring" -> Primitive.STRING;
      default -> null;
    };
  }

  private static Constant constant(String written, String name, String valueText) {
    TypeToken t = typeToken(written);
    Primitive p = primitive(t.base());
    if (p == null || t.array()) {
      throw new IllegalArgumentException("'" + written + "' is not a legal constant type (a builtin, not an array)");
    }
    if (!CONSTANT_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a legal constant name (UPPER_CASE)");
    }
    if (valueText.isEmpty()) {
      throw new IllegalArgumentException("constant " + name + " has no value");
    }
    return new Constant(p, name, valueText, InterfaceLiterals.scalar(t.base(), p, t.stringBound(), valueText));
  }

  private static Ros2Field field(String written, String rest, String pkg, Resolver resolver) {
    String[] parts = WHITESPACE.split(rest, 2);
    String name = parts[0];
    if (!FIELD_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a legal field name (lower_case, no '__', no trailing '_')");
    }
    TypeToken t = typeToken(written);
    Primitive p = primitive(t.base());
    Ros2Type nested = null;
    FieldType element;
    if (p != null) {
      element = FieldType.of(p);
    } else {
      nested = resolver.resolve(nestedName(t.base(), pkg, written));
      element = new FieldType.Nested(nested.messageType());
    }
    FieldType type = element;
    int sequenceBound = -1;
    if (t.array()) {
      boolean fixed = !t.bounded() && t.length() >= 0;
      type = new FieldType.Array(element, fixed ? t.length() : -1);
      sequenceBound = t.bounded() ? t.length() : -1;
    }
    Field field = new Field(name, type);
    Object defaultValue = null;
    if (parts.length == 2 && !parts[1].isBlank()) {
      if (nested != null) {
        throw new IllegalArgumentException("a field of a nested type cannot have a default value");
      }
      defaultValue = defaultValue(name, t, p, type, parts[1].strip());
    }
    return new Ros2Field(field, written, t.base().equals("wstring"), t.stringBound(), sequenceBound, nested, defaultValue);
  }

  private static Object defaultValue(String name, TypeToken t, Primitive p, FieldType type, String text) {
    if (!t.array()) {
      return InterfaceLiterals.scalar(t.base(), p, t.stringBound(), text);
    }
    List<String> elements = InterfaceLiterals.arrayElements(text);
    if (t.bounded() && elements.size() > t.length()) {
      throw new IllegalArgumentException("default has " + elements.size() + " elements, more than the bound " + t.length());
    }
    List<Object> values = new ArrayList<>(elements.size());
    for (String e : elements) {
      values.add(InterfaceLiterals.scalar(t.base(), p, t.stringBound(), e));
    }
    return FieldValues.normalize(name, type, Collections.unmodifiableList(values));
  }

  /** The canonical name of a nested type as written inside package {@code pkg}. */
  private static String nestedName(String base, String pkg, String written) {
    String[] parts = base.split("/", -1);
    String candidate = switch (parts.length) {
      case 1 -> pkg + "/msg/" + base;
      case 2 -> parts[0] + "/msg/" + parts[1];
      case 3 -> base;
      default -> null;
    };
    if (candidate == null) {
      throw new IllegalArgumentException("'" + written + "' is not a legal field type");
    }
    String[] c = candidate.split("/", -1);
    if (!Ros2Names.isPackageName(c[0]) || !c[1].equals("msg") || !Ros2Names.isDefinitionName(c[2])) {
      throw new IllegalArgumentException("'" + written + "' is not a builtin nor a legal type name (pkg/Type)");
    }
    return candidate;
  }
}
