package org.pyros.core.expose;

import com.typesafe.config.Config;

/**
 * What a Pyros node makes reachable: one {@link NameFilter} for topics, services and params.
 * Anything not allowed is answered with {@code NOT_EXPOSED}, whether or not it exists.
 */
public record Exposure(NameFilter topics, NameFilter services, NameFilter params) {
  /** Exposes nothing. */
  public static final Exposure NONE = new Exposure(NameFilter.NONE, NameFilter.NONE, NameFilter.NONE);

  /**
   * Reads {@code topics}, {@code services} and {@code params}, each with {@code allow} and
   * {@code deny} lists of patterns (HOCON reserves the word {@code include}).
   */
  public static Exposure fromConfig(Config config) {
    return new Exposure(filter(config, "topics"), filter(config, "services"), filter(config, "params"));
  }

  private static NameFilter filter(Config config, String kind) {
    Config c = config.getConfig(kind);
    return NameFilter.of(c.getStringList("allow"), c.getStringList("deny"));
  }

  /** True when no name of any kind is allowed. */
  public boolean exposesNothing() {
    return topics.allow().isEmpty() && services.allow().isEmpty() && params.allow().isEmpty();
  }

  public Exposure withTopics(NameFilter f) {
    return new Exposure(f, services, params);
  }

  public Exposure withServices(NameFilter f) {
    return new Exposure(topics, f, params);
  }

  public Exposure withParams(NameFilter f) {
    return new Exposure(topics, services, f);
  }
}
