package org.pyros.core.system;

/** How parameter names relate in the tree, for systems that notify watchers of changes. */
public final class ParamNames {
  private ParamNames() {}

  /** The name without a trailing slash (ROS masters send namespace keys with one); "/" stays. */
  public static String normalized(String name) {
    return name.length() > 1 && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  /** True when {@code inner} is {@code outer} or lies below it. */
  public static boolean within(String inner, String outer) {
    String o = normalized(outer);
    String i = normalized(inner);
    return i.equals(o) || i.startsWith(o.equals("/") ? "/" : o + "/");
  }

  /** True when a change of {@code changed} may change the value of {@code watched} (one lies within the other). */
  public static boolean related(String changed, String watched) {
    return within(changed, watched) || within(watched, changed);
  }
}
