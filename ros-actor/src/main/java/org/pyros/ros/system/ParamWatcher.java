package org.pyros.ros.system;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pyros.core.system.BoundedDelivery;
import org.pyros.core.system.ParamNames;

/**
 * One watch of a parameter on ROS 1: keeps the parameter's value as the master's {@code
 * paramUpdate} calls change it, and hands each new value to the watch's bounded delivery.
 *
 * <p>The master tells a subscriber of {@code /a} the key that changed, which may lie below it
 * ({@code /a/b} for a namespace watch: merged into the namespace's Map) or be the watched key
 * itself; an empty Map means the key was deleted (ROS has no other way to say it).
 */
final class ParamWatcher {
  private final String name;
  private final BoundedDelivery<Optional<Object>> delivery;
  private Object value; // null while not set
  private boolean updated;

  ParamWatcher(String name, BoundedDelivery<Optional<Object>> delivery) {
    this.name = ParamNames.normalized(name);
    this.delivery = delivery;
  }

  String name() {
    return name;
  }

  /**
   * The value {@code subscribeParam} answered. An update the master sent meanwhile may have come
   * first; it is newer, so it wins.
   */
  synchronized void initial(Object subscribed) {
    if (!updated) {
      value = unset(subscribed) ? null : subscribed;
      delivery.offer(Optional.ofNullable(value));
    }
  }

  /** True when a change of {@code key} concerns this watch (it is then applied and delivered). */
  synchronized boolean update(String key, Object newValue) {
    String k = ParamNames.normalized(key);
    if (!ParamNames.related(k, name)) {
      return false;
    }
    updated = true;
    if (k.equals(name)) {
      value = unset(newValue) ? null : newValue;
    } else if (ParamNames.within(k, name)) {
      value = withChild(value, parts(k.substring(name.equals("/") ? 1 : name.length() + 1)), newValue);
    } else {
      value = below(newValue, parts(name.substring(k.equals("/") ? 1 : k.length() + 1)));
    }
    delivery.offer(Optional.ofNullable(value));
    return true;
  }

  void close() {
    delivery.close();
  }

  private static boolean unset(Object v) {
    return v instanceof Map<?, ?> m && m.isEmpty();
  }

  private static List<String> parts(String relative) {
    return Arrays.stream(relative.split("/")).filter(p -> !p.isEmpty()).toList();
  }

  /** A copy of the namespace {@code ns} with {@code child} at {@code path} (removed when unset). */
  private static Object withChild(Object ns, List<String> path, Object child) {
    Map<String, Object> copy = new LinkedHashMap<>();
    if (ns instanceof Map<?, ?> m) {
      m.forEach((k, v) -> copy.put(String.valueOf(k), v));
    }
    String head = path.get(0);
    if (path.size() == 1) {
      if (unset(child)) {
        copy.remove(head);
      } else {
        copy.put(head, child);
      }
    } else {
      Object inner = withChild(copy.get(head), path.subList(1, path.size()), child);
      if (unset(inner)) {
        copy.remove(head);
      } else {
        copy.put(head, inner);
      }
    }
    return copy.isEmpty() ? null : copy;
  }

  /** The part of {@code ns} at {@code path}, or null when there is none. */
  private static Object below(Object ns, List<String> path) {
    Object v = ns;
    for (String part : path) {
      if (!(v instanceof Map<?, ?> m) || !m.containsKey(part)) {
        return null;
      }
      v = m.get(part);
    }
    return unset(v) ? null : v;
  }
}
