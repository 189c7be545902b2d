package org.pyros.ros.xmlrpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encodes XML-RPC documents (UTF-8) from Java values.
 *
 * <p>Mapping: {@code Integer/Short/Byte} and a {@code Long} that fits in 32 bits are sent as
 * {@code <i4>}, a larger {@code Long} as {@code <i8>}; {@code Boolean} as {@code <boolean>};
 * {@code String} as {@code <string>}; {@code Double/Float} as {@code <double>}; {@code byte[]}
 * as {@code <base64>}; {@code LocalDateTime} as {@code <dateTime.iso8601>} ({@code
 * yyyyMMddTHH:mm:ss}, as Python writes it); {@code List} and {@code Object[]} as {@code <array>}; {@code Map} with
 * String keys as {@code <struct>} (in the map's iteration order). {@code null} is refused:
 * Python peers reject {@code <nil/>}, so it is never sent.
 */
public final class XmlRpcWriter {
  /** Deeper values are refused (this also stops cyclic structures). */
  public static final int MAX_DEPTH = XmlRpcLimits.DEFAULT.maxDepth();

  private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  private XmlRpcWriter() {}

  /** A {@code <methodCall>} document. */
  public static byte[] call(String method, List<?> params) {
    StringBuilder sb = new StringBuilder(256).append(PROLOG).append("<methodCall><methodName>");
    text(sb, method);
    sb.append("</methodName><params>");
    for (Object p : params) {
      sb.append("<param>");
      value(sb, p, 1);
      sb.append("</param>");
    }
    return sb.append("</params></methodCall>").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A successful {@code <methodResponse>} carrying one value. */
  public static byte[] response(Object result) {
    StringBuilder sb = new StringBuilder(256).append(PROLOG);
    sb.append("<methodResponse><params><param>");
    value(sb, result, 1);
    sb.append("</param></params></methodResponse>");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A fault {@code <methodResponse>}. */
  public static byte[] fault(int code, String message) {
    StringBuilder sb = new StringBuilder(256).append(PROLOG).append("<methodResponse><fault>");
    value(sb, Map.of("faultCode", code, "faultString", clean(message)), 1);
    return sb.append("</fault></methodResponse>").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Appends one {@code <value>} element. */
  static void value(StringBuilder sb, Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new XmlRpcFormatException("value nested deeper than " + MAX_DEPTH + " levels");
    }
    sb.append("<value>");
    if (v == null) {
      throw new XmlRpcFormatException("null cannot be sent: ROS peers refuse <nil/>");
    } else if (v instanceof String s) {
      sb.append("<string>");
      text(sb, s);
      sb.append("</string>");
    } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      sb.append("<i4>").append(((Number) v).intValue()).append("</i4>");
    } else if (v instanceof Long l) {
      boolean small = l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
      sb.append(small ? "<i4>" : "<i8>").append(l).append(small ? "</i4>" : "</i8>");
    } else if (v instanceof Boolean b) {
      sb.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
    } else if (v instanceof Double || v instanceof Float) {
      // Double.toString is the shortest text that reads back exactly; Python's float() and
      // C's strtod (roscpp) accept its exponent form and NaN/Infinity.
      sb.append("<double>").append(((Number) v).doubleValue()).append("</double>");
    } else if (v instanceof byte[] bytes) {
      sb.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
    } else if (v instanceof java.time.LocalDateTime t) {
      sb.append("<dateTime.iso8601>").append(ISO8601_BASIC.format(t));
      if (t.getNano() != 0) {
        sb.append(fraction(t.getNano()));
      }
      sb.append("</dateTime.iso8601>");
    } else if (v instanceof List<?> list) {
      array(sb, list, depth);
    } else if (v instanceof Object[] arr) {
      array(sb, Arrays.asList(arr), depth);
    } else if (v instanceof Map<?, ?> map) {
      sb.append("<struct>");
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String name)) {
          throw new XmlRpcFormatException("struct member names must be strings, got " + e.getKey());
        }
        sb.append("<member><name>");
        text(sb, name);
        sb.append("</name>");
        value(sb, e.getValue(), depth + 1);
        sb.append("</member>");
      }
      sb.append("</struct>");
    } else {
      throw new XmlRpcFormatException("XML-RPC cannot carry a " + v.getClass().getName());
    }
    sb.append("</value>");
  }

  private static final java.time.format.DateTimeFormatter ISO8601_BASIC =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");

  /** {@code .5}, {@code .123}: the fraction of a second, without trailing zeros. */
  private static String fraction(int nanos) {
    String digits = String.format("%09d", nanos).replaceAll("0+$", "");
    return "." + digits;
  }

  private static void array(StringBuilder sb, List<?> list, int depth) {
    sb.append("<array><data>");
    for (Object item : list) {
      value(sb, item, depth + 1);
    }
    sb.append("</data></array>");
  }

  /** Escapes text; characters XML 1.0 cannot carry are refused rather than silently lost. */
  private static void text(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        // A literal CR would be normalized to LF by the reading parser: keep it as a reference.
        case '\r' -> sb.append("&#13;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF) {
            throw new XmlRpcFormatException(
                "character U+" + String.format("%04X", (int) c) + " cannot be sent in XML 1.0");
          }
          sb.append(c);
        }
      }
    }
  }

  /** For fault texts: replace what XML cannot carry, since a fault must always be sendable. */
  private static String clean(String message) {
    String m = message == null ? "" : message;
    StringBuilder out = new StringBuilder(m.length());
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0xFFFE ? '?' : c);
    }
    return out.toString();
  }
}
