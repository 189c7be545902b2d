package org.pyros.ros.tcpros;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.util.ByteIterator;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The TCPROS connection header codec: {@code uint32 LE total length}, then fields, each
 * {@code uint32 LE length} + {@code key=value} (UTF-8, split at the first '=').
 */
public final class ConnectionHeader {
  /** Largest header body we accept; real headers are a few KiB (message_definition included). */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  public static final String CALLERID = "callerid";
  public static final String TOPIC = "topic";
  public static final String SERVICE = "service";
  public static final String MD5SUM = "md5sum";
  public static final String TYPE = "type";
  public static final String MESSAGE_DEFINITION = "message_definition";
  public static final String TCP_NODELAY = "tcp_nodelay";
  public static final String LATCHING = "latching";
  public static final String ERROR = "error";
  public static final String PERSISTENT = "persistent";
  public static final String PROBE = "probe";
  public static final String REQUEST_TYPE = "request_type";
  public static final String RESPONSE_TYPE = "response_type";
  /** md5sum that accepts any type (rostopic and rosservice use it to probe). */
  public static final String ANY_MD5SUM = "*";

  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  private ConnectionHeader() {}

  /** Encodes fields (in iteration order) with the leading total length. */
  public static ByteString encode(Map<String, String> fields) {
    ByteStringBuilder body = new ByteStringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0) {
        throw new IllegalArgumentException("header key must be non-empty without '=': " + e.getKey());
      }
      byte[] field = (e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8);
      body.putInt(field.length, LE);
      body.putBytes(field);
    }
    ByteString b = body.result();
    if (b.size() > MAX_HEADER_BYTES) {
      throw new IllegalArgumentException("header of " + b.size() + " bytes exceeds " + MAX_HEADER_BYTES);
    }
    return new ByteStringBuilder().putInt(b.size(), LE).append(b).result();
  }

  /** Encodes an {@code error=...} header, the answer to a refused connection. */
  public static ByteString encodeError(String message) {
    return encode(Map.of(ERROR, message));
  }

  /**
   * Decodes a header body (without the leading total length, as framed on the wire).
   *
   * @throws ConnectionHeaderException if a field length overruns the body, a field has no '=',
   *     or the body is larger than {@link #MAX_HEADER_BYTES}
   */
  public static Map<String, String> decodeBody(ByteString body) {
    if (body.size() > MAX_HEADER_BYTES) {
      throw new ConnectionHeaderException(
          "connection header of " + body.size() + " bytes exceeds the limit of " + MAX_HEADER_BYTES);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    ByteIterator it = body.iterator();
    int remaining = body.size();
    while (remaining > 0) {
      if (remaining < 4) {
        throw new ConnectionHeaderException(
            "connection header truncated: " + remaining + " bytes left, a field length needs 4");
      }
      long len = Integer.toUnsignedLong(it.getInt(LE));
      remaining -= 4;
      if (len > remaining) {
        throw new ConnectionHeaderException(
            "connection header field of " + len + " bytes overruns the " + remaining + " bytes left");
      }
      byte[] field = new byte[(int) len];
      it.getBytes(field);
      remaining -= (int) len;
      String text = new String(field, StandardCharsets.UTF_8);
      int eq = text.indexOf('=');
      if (eq < 0) {
        throw new ConnectionHeaderException("connection header field without '=': " + abbreviate(text));
      }
      fields.put(text.substring(0, eq), text.substring(eq + 1));
    }
    return Collections.unmodifiableMap(fields);
  }

  /**
   * Decodes a complete header including its leading total length, which must match exactly.
   *
   * @throws ConnectionHeaderException on any malformation
   */
  public static Map<String, String> decode(ByteString bytes) {
    if (bytes.size() < 4) {
      throw new ConnectionHeaderException("connection header truncated: " + bytes.size() + " bytes, need 4 for its length");
    }
    long total = Integer.toUnsignedLong(bytes.iterator().getInt(LE));
    if (total > MAX_HEADER_BYTES) {
      throw new ConnectionHeaderException(
          "connection header length " + total + " exceeds the limit of " + MAX_HEADER_BYTES);
    }
    if (total != bytes.size() - 4) {
      throw new ConnectionHeaderException(
          "connection header length " + total + " does not match the " + (bytes.size() - 4) + " bytes given");
    }
    return decodeBody(bytes.drop(4));
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
