package org.pyros.core.system.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A parameter tree with ROS semantics: names are slash-separated paths; setting a Map sets a
 * subtree; reading a namespace gives a Map; names are the leaves. Not thread-safe.
 */
final class ParamTree {
  private final Map<String, Object> root = new LinkedHashMap<>();

  Optional<Object> get(String name) {
    Object node = root;
    for (String part : parts(name)) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
        return Optional.empty();
      }
      node = map.get(part);
    }
    return Optional.of(copy(node));
  }

  void set(String name, Object value) {
    List<String> parts = parts(name);
    if (parts.isEmpty()) {
      if (!(value instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("the root namespace can only be set to a map");
      }
      root.clear();
      map.forEach((k, v) -> root.put(String.valueOf(k), copy(v)));
      return;
    }
    Map<String, Object> parent = root;
    for (String part : parts.subList(0, parts.size() - 1)) {
      Object child = parent.get(part);
      if (!(child instanceof Map<?, ?>)) {
        child = new LinkedHashMap<String, Object>();
        parent.put(part, child);
      }
      parent = asMap(child);
    }
    parent.put(parts.get(parts.size() - 1), copy(value));
  }

  boolean delete(String name) {
    List<String> parts = parts(name);
    Map<String, Object> parent = root;
    for (String part : parts.subList(0, Math.max(0, parts.size() - 1))) {
      Object child = parent.get(part);
      if (!(child instanceof Map<?, ?>)) {
        return false;
      }
      parent = asMap(child);
    }
    return !parts.isEmpty() && parent.remove(parts.get(parts.size() - 1)) != null;
  }

  /** Leaf names, sorted. */
  List<String> names() {
    TreeSet<String> out = new TreeSet<>();
    collect("", root, out);
    return new ArrayList<>(out);
  }

  private static void collect(String prefix, Map<String, Object> node, TreeSet<String> out) {
    node.forEach((k, v) -> {
      if (v instanceof Map<?, ?> m && !m.isEmpty()) {
        collect(prefix + "/" + k, asMap(v), out);
      } else {
        out.add(prefix + "/" + k);
      }
    });
  }

  private static List<String> parts(String name) {
    List<String> out = new ArrayList<>();
    for (String p : name.split("/")) {
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  /** Deep copy, so values handed out or taken in are never shared with the tree. */
  private static Object copy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), copy(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(copy(x)));
      return out;
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    return v;
  }
}
