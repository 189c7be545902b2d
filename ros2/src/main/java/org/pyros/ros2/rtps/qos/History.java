package org.pyros.ros2.rtps.qos;

/**
 * HISTORY QoS: keep the last {@code depth} samples, or keep all (bounded by the endpoint's
 * resource limit, so that memory stays bounded).
 */
public record History(Kind kind, int depth) {
  public enum Kind { KEEP_LAST, KEEP_ALL }

  public History {
    if (depth < 1) {
      throw new IllegalArgumentException("history depth must be at least 1, got " + depth);
    }
  }

  public static History keepLast(int depth) {
    return new History(Kind.KEEP_LAST, depth);
  }

  /** Keep all, up to {@code limit} samples not yet acknowledged (a writer then blocks or drops, as configured). */
  public static History keepAll(int limit) {
    return new History(Kind.KEEP_ALL, limit);
  }
}
