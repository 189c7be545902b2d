package org.pyros.gateway.access;

import com.typesafe.config.Config;
import java.util.List;
import org.pyros.core.expose.NameFilter;

/**
 * What one gateway client may reach, within what the node exposes (a grant only narrows the
 * node's exposure, never widens it). Each list is of {@link org.pyros.core.expose.NamePattern}s.
 *
 * @param client who holds the grant, for logs and refusals (the token's name)
 * @param topics topics it may list, subscribe to and read
 * @param services services it may list and call
 * @param params params it may list and read
 * @param publish topics it may publish on
 * @param setParams params it may set and delete
 * @param provide services it may provide to the graph
 */
public record Grant(String client, NameFilter topics, NameFilter services, NameFilter params, NameFilter publish,
    NameFilter setParams, NameFilter provide) {
  private static final NameFilter ALL = NameFilter.allowing("/**");

  /** Who a WebSocket client is before it presents a token. */
  public static final String WITHOUT_TOKEN = "a client without a token";

  /** Everything the node exposes: the gateway without tokens. */
  public static final Grant EVERYTHING = new Grant("any client", ALL, ALL, ALL, ALL, ALL, ALL);

  /** Nothing at all, for {@code client}. */
  public static Grant nothing(String client) {
    return new Grant(client, NameFilter.NONE, NameFilter.NONE, NameFilter.NONE, NameFilter.NONE, NameFilter.NONE,
        NameFilter.NONE);
  }

  /** Reads an {@code expose { topics, services, params, publish, set-params, provide }} block; a missing list allows nothing. */
  public static Grant fromConfig(String client, Config expose) {
    return new Grant(client, list(expose, "topics"), list(expose, "services"), list(expose, "params"),
        list(expose, "publish"), list(expose, "set-params"), list(expose, "provide"));
  }

  private static NameFilter list(Config c, String key) {
    return c.hasPath(key) ? NameFilter.of(c.getStringList(key), List.of()) : NameFilter.NONE;
  }

  /** True for the grant of the gateway without tokens, which is no narrowing at all. */
  public boolean isEverything() {
    return this == EVERYTHING;
  }
}
