package org.pyros.ros.master;

/**
 * ROS graph name rules as the master applies them: canonical form, the namespace of a name, and
 * resolution of relative ({@code foo}) and private ({@code ~foo}) names against a caller id.
 */
public final class RosNames {
  public static final String SEP = "/";
  public static final String GLOBAL_NS = "/";

  private RosNames() {}

  public static boolean isGlobal(String name) {
    return name.startsWith(SEP);
  }

  public static boolean isPrivate(String name) {
    return name.startsWith("~");
  }

  /**
   * Whether {@code name} is a legal graph resource name (ROS wiki "Names", as roscpp checks it):
   * the first character a letter, {@code /} or {@code ~}, then letters, digits, {@code _} and
   * {@code /}; a {@code ~} only in front.
   */
  public static boolean isLegal(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    char first = name.charAt(0);
    if (!(isAsciiLetter(first) || first == '/' || first == '~')) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code name} is a legal base name (a name with no namespace, e.g. a node's own). */
  public static boolean isLegalBaseName(String name) {
    return isLegal(name) && name.indexOf('/') < 0 && name.indexOf('~') < 0;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Removes repeated and trailing slashes: {@code //a//b/} becomes {@code /a/b}. */
  public static String canonicalize(String name) {
    if (name.isEmpty() || name.equals(SEP)) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name.length());
    if (isGlobal(name)) {
      sb.append('/');
    }
    boolean first = true;
    for (String part : name.split(SEP)) {
      if (part.isEmpty()) {
        continue;
      }
      if (!first) {
        sb.append('/');
      }
      sb.append(part);
      first = false;
    }
    return sb.toString();
  }

  /** The namespace of {@code name} with a trailing slash: {@code /wg/node1} gives {@code /wg/}. */
  public static String namespace(String name) {
    if (name.isEmpty()) {
      return SEP;
    }
    String n = name.endsWith(SEP) ? name.substring(0, name.length() - 1) : name;
    String ns = n.substring(0, n.lastIndexOf('/') + 1);
    return ns.isEmpty() ? SEP : ns;
  }

  /**
   * The global canonical form of {@code name} seen from node {@code callerId}: a relative name
   * is put in the caller's namespace, a private name under the caller itself.
   */
  public static String resolve(String name, String callerId) {
    if (name.isEmpty()) {
      return namespace(callerId);
    }
    String n = canonicalize(name);
    if (isGlobal(n)) {
      return n;
    }
    if (isPrivate(n)) {
      return canonicalize(callerId + SEP + n.substring(1));
    }
    return namespace(callerId) + n;
  }

  /** Joins a namespace and a relative name; a global or private name is returned unchanged. */
  public static String join(String ns, String name) {
    if (isPrivate(name) || isGlobal(name) || ns.isEmpty()) {
      return name;
    }
    return ns.endsWith(SEP) ? ns + name : ns + SEP + name;
  }
}
