package org.pyros.core.expose;

import java.util.List;

/**
 * Allow and deny patterns for one kind of name (the include/exclude lists of an exposure). A
 * name is allowed when some allow pattern matches it and no deny pattern does; with no allow
 * patterns nothing is allowed.
 */
public record NameFilter(List<NamePattern> allow, List<NamePattern> deny) {
  public static final NameFilter NONE = new NameFilter(List.of(), List.of());

  public NameFilter {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  /** A filter from pattern texts. */
  public static NameFilter of(List<String> allow, List<String> deny) {
    return new NameFilter(allow.stream().map(NamePattern::new).toList(), deny.stream().map(NamePattern::new).toList());
  }

  /** A filter allowing the given patterns, denying nothing. */
  public static NameFilter allowing(String... patterns) {
    return of(List.of(patterns), List.of());
  }

  public boolean allows(String name) {
    return allow.stream().anyMatch(p -> p.matches(name)) && deny.stream().noneMatch(p -> p.matches(name));
  }

  @Override
  public String toString() {
    return "allow " + allow + " deny " + deny;
  }
}
