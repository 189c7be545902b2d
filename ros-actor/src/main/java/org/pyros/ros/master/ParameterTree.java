package org.pyros.ros.master;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameter server's tree: a namespace is a {@code Map} from child name to value, a leaf any
 * other XML-RPC value. Keys are global canonical names. Values are copied in and out, so no
 * caller shares a mutable structure with the tree. Not thread-safe: the master guards it.
 */
final class ParameterTree {
  /**
   * Deepest tree accepted, counting namespaces and nested values (a scalar at {@code /a} is 2
   * deep): the whole tree, sent in a getParam answer ({@code [code, message, tree]}), must stay
   * within what XML-RPC readers here and in the ROS tools accept.
   */
  static final int MAX_DEPTH = org.pyros.ros.xmlrpc.XmlRpcLimits.DEFAULT.maxDepth() - 1;

  private Map<String, Object> root = new LinkedHashMap<>();

  /** The value at {@code key} (a copy; a namespace as a {@code Map}), or empty when unset. */
  Optional<Object> get(String key) {
    Object v = find(key);
    return v == null ? Optional.empty() : Optional.of(copy(v));
  }

  boolean has(String key) {
    return find(key) != null;
  }

  /**
   * Sets {@code key}; a {@code Map} value replaces the whole subtree. Intermediate names that
   * hold a leaf become namespaces, as in rosmaster.
   *
   * @throws IllegalArgumentException when the root is set to something other than a Map, or the
   *     value would make the tree deeper than {@link #MAX_DEPTH}
   */
  @SuppressWarnings("unchecked")
  void set(String key, Object value) {
    int namespaces = key.equals(RosNames.GLOBAL_NS) ? 0 : parts(key).size();
    if (namespaces + depth(value, MAX_DEPTH - namespaces + 1) > MAX_DEPTH) {
      throw new IllegalArgumentException("parameter " + key + " is nested too deep: a tree deeper than " + MAX_DEPTH
          + " levels (namespaces included) could not be read back whole");
    }
    if (key.equals(RosNames.GLOBAL_NS)) {
      if (!(value instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("cannot set root of parameter tree to non-dictionary");
      }
      root = (Map<String, Object>) copy(m);
      return;
    }
    List<String> parts = parts(key);
    Map<String, Object> d = root;
    for (String ns : parts.subList(0, parts.size() - 1)) {
      Object child = d.get(ns);
      if (!(child instanceof Map)) {
        child = new LinkedHashMap<String, Object>();
        d.put(ns, child);
      }
      d = (Map<String, Object>) child;
    }
    d.put(parts.get(parts.size() - 1), copy(value));
  }

  /** Deletes a leaf or subtree; false when nothing was set there (or for the root). */
  boolean delete(String key) {
    if (key.equals(RosNames.GLOBAL_NS)) {
      return false;
    }
    List<String> parts = parts(key);
    Object d = root;
    for (String ns : parts.subList(0, parts.size() - 1)) {
      if (!(d instanceof Map<?, ?> m) || !m.containsKey(ns)) {
        return false;
      }
      d = m.get(ns);
    }
    if (!(d instanceof Map<?, ?> m) || !m.containsKey(parts.get(parts.size() - 1))) {
      return false;
    }
    m.remove(parts.get(parts.size() - 1));
    return true;
  }

  /** Full names of all leaves (an empty namespace has none). */
  List<String> names() {
    List<String> names = new ArrayList<>();
    collectNames(names, RosNames.GLOBAL_NS, root);
    return names;
  }

  /**
   * rosmaster's upward search: looks for the first segment of relative {@code key} in the
   * namespace {@code ns} (the caller id itself, so its private names come first), then in each
   * parent namespace; returns the full key under the namespace where that segment was found.
   *
   * @throws IllegalArgumentException for a private key or a relative {@code ns}
   */
  Optional<String> search(String ns, String key) {
    if (key.isEmpty() || RosNames.isPrivate(key)) {
      throw new IllegalArgumentException("invalid key");
    }
    if (!RosNames.isGlobal(ns)) {
      throw new IllegalArgumentException("namespace must be global");
    }
    if (RosNames.isGlobal(key)) {
      return has(key) ? Optional.of(key) : Optional.empty();
    }
    String first = parts(key).get(0);
    if (has(RosNames.join(ns, first))) {
      return Optional.of(RosNames.join(ns, key));
    }
    List<String> nss = parts(ns);
    for (int i = 1; i <= nss.size(); i++) {
      String prefix = "/" + String.join("/", nss.subList(0, nss.size() - i));
      String base = prefix.equals("/") ? "/" : prefix + "/";
      if (has(base + first)) {
        return Optional.of(base + key);
      }
    }
    return Optional.empty();
  }

  private Object find(String key) {
    Object v = root;
    if (key.equals(RosNames.GLOBAL_NS)) {
      return v;
    }
    for (String ns : parts(key)) {
      if (!(v instanceof Map<?, ?> m)) {
        return null;
      }
      v = m.get(ns);
      if (v == null) {
        return null;
      }
    }
    return v;
  }

  private static void collectNames(List<String> names, String ns, Map<?, ?> d) {
    for (Map.Entry<?, ?> e : d.entrySet()) {
      String name = RosNames.join(ns, String.valueOf(e.getKey()));
      if (e.getValue() instanceof Map<?, ?> child) {
        collectNames(names, name, child);
      } else {
        names.add(name);
      }
    }
  }

  static List<String> parts(String key) {
    List<String> parts = new ArrayList<>();
    for (String p : key.split(RosNames.SEP)) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    return parts;
  }

  /** How deep {@code v} nests (a scalar is 1), counted no further than {@code cap}. */
  static int depth(Object v, int cap) {
    if (cap <= 0) {
      return 1;
    }
    Iterable<?> children;
    if (v instanceof Map<?, ?> m) {
      children = m.values();
    } else if (v instanceof List<?> l) {
      children = l;
    } else if (v instanceof Object[] a) {
      children = List.of(a);
    } else {
      return 1;
    }
    int deepest = 0;
    for (Object c : children) {
      deepest = Math.max(deepest, depth(c, cap - 1));
      if (deepest >= cap) {
        break;
      }
    }
    return 1 + deepest;
  }

  /** A deep copy of an XML-RPC value (maps and lists copied; scalars are immutable). */
  static Object copy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> c = new LinkedHashMap<>();
      m.forEach((k, x) -> c.put(String.valueOf(k), copy(x)));
      return c;
    }
    if (v instanceof List<?> l) {
      List<Object> c = new ArrayList<>(l.size());
      l.forEach(x -> c.add(copy(x)));
      return c;
    }
    if (v instanceof Object[] a) {
      List<Object> c = new ArrayList<>(a.length);
      for (Object x : a) {
        c.add(copy(x));
      }
      return c;
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    return v;
  }
}
