package org.pyros.ros.msg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.pyros.core.msg.Constant;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;

/**
 * Computes ROS1 md5sums as genmsg does, caching them per type name.
 *
 * <p>The md5 text of a message lists its constants ({@code type name=value}) and then its
 * fields: {@code type name} with the type as written for builtins (arrays included), or
 * {@code <md5 of the nested type> name} for nested types. A service's md5 is the md5 of its
 * request text followed directly by its response text. Thread-safe.
 */
public final class Md5Sums {
  private record Entry(MessageType type, String md5) {}

  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  /** The md5sum of a message type, as {@code rosmsg md5} prints it. */
  public String md5(MessageType type) {
    Entry e = cache.get(type.name());
    // A name may be redefined (a type registered again): the cache holds only the same type.
    if (e != null && (e.type == type || e.type.equals(type))) {
      return e.md5;
    }
    String md5 = hex(md5Text(type));
    cache.put(type.name(), new Entry(type, md5));
    return md5;
  }

  /** The md5sum of a service type, as {@code rossrv md5} prints it. */
  public String md5(ServiceType type) {
    return hex(md5Text(type.request()) + md5Text(type.response()));
  }

  /** The text whose md5 is the type's md5sum. */
  public String md5Text(MessageType type) {
    StringBuilder b = new StringBuilder();
    for (Constant c : type.constants()) {
      b.append(c.type().rosName()).append(' ').append(c.name()).append('=').append(c.valueText()).append('\n');
    }
    for (Field f : type.fields()) {
      FieldType t = f.type();
      FieldType base = t instanceof FieldType.Array a ? a.element() : t;
      if (base instanceof FieldType.Nested n) {
        b.append(md5(n.type()));
      } else {
        b.append(t.rosName());
      }
      b.append(' ').append(f.name()).append('\n');
    }
    return b.toString().strip();
  }

  private static String hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has MD5", e);
    }
  }
}
