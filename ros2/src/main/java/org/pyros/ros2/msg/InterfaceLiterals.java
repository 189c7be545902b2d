package org.pyros.ros2.msg;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.FieldValues;
import org.pyros.core.msg.Primitive;

/**
 * Values written in ROS 2 interface text (constants and default values), read as rosidl reads
 * them: {@code true}/{@code false}/{@code 1}/{@code 0} for bool, decimal integers, floats (also
 * {@code nan}, {@code inf}), strings quoted with {@code "} or {@code '} (backslash escapes) or
 * unquoted, arrays as {@code [a, b, c]}.
 */
final class InterfaceLiterals {
  private InterfaceLiterals() {}

  /**
   * One value of a builtin, in the class a message holds.
   *
   * @param writtenBase the ROS 2 base type ({@code byte}, {@code char}, {@code wstring}, ...)
   */
  static Object scalar(String writtenBase, Primitive p, int stringBound, String text) {
    String t = text.strip();
    switch (p) {
      case BOOL:
        return switch (t.toLowerCase(java.util.Locale.ROOT)) {
          case "true", "1" -> Boolean.TRUE;
          case "false", "0" -> Boolean.FALSE;
          default -> throw new IllegalArgumentException("'" + t + "' is not a bool (true, false, 1, 0)");
        };
      case FLOAT32:
      case FLOAT64: {
        double d = parseFloat(t);
        return p == Primitive.FLOAT32 ? (Object) (float) d : (Object) d;
      }
      case STRING: {
        String s = unquote(t);
        checkStringBound(writtenBase, stringBound, s);
        return s;
      }
      default: {
        BigInteger v;
        try {
          v = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + t + "' is not an integer");
        }
        return FieldValues.normalize(writtenBase, FieldType.of(p), v);
      }
    }
  }

  /** The elements of an array literal {@code [a, b]}, unparsed, quotes kept. */
  static List<String> arrayElements(String text) {
    String t = text.strip();
    if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') {
      throw new IllegalArgumentException("an array default is written [a, b, ...], got '" + t + "'");
    }
    String body = t.substring(1, t.length() - 1).strip();
    List<String> out = new ArrayList<>();
    if (body.isEmpty()) {
      return out;
    }
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (quote != 0) {
        current.append(c);
        if (c == '\\' && i + 1 < body.length()) {
          current.append(body.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        current.append(c);
      } else if (c == ',') {
        out.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated string in '" + t + "'");
    }
    out.add(current.toString().strip());
    for (String e : out) {
      if (e.isEmpty()) {
        throw new IllegalArgumentException("empty element in '" + t + "'");
      }
    }
    return out;
  }

  static void checkStringBound(String writtenBase, int bound, String s) {
    if (bound < 0) {
      return;
    }
    int size = writtenBase.equals("wstring") ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    if (size > bound) {
      throw new IllegalArgumentException("'" + s + "' is longer than the bound " + bound + " of " + writtenBase + "<=" + bound);
    }
  }

  private static double parseFloat(String t) {
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "nan", "+nan", "-nan":
        return Double.NaN;
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (lower.endsWith("f") || lower.endsWith("d") || lower.startsWith("0x")) {
      throw new IllegalArgumentException("'" + t + "' is not a number");
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + t + "' is not a number");
    }
  }

  /** A string literal: quoted with " or ' (backslash escapes), or the text itself. */
  static String unquote(String t) {
    if (t.length() >= 1 && (t.charAt(0) == '"' || t.charAt(0) == '\'')) {
      char q = t.charAt(0);
      if (t.length() < 2 || t.charAt(t.length() - 1) != q) {
        throw new IllegalArgumentException("unterminated string " + t);
      }
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < t.length() - 1; i++) {
        char c = t.charAt(i);
        if (c == '\\' && i + 1 < t.length() - 1) {
          char n = t.charAt(++i);
          out.append(switch (n) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> n;
          });
        } else if (c == q) {
          throw new IllegalArgumentException("unescaped " + q + " inside " + t);
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
    return t;
  }
}
