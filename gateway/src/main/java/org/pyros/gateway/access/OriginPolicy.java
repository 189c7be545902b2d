package org.pyros.gateway.access;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may open a WebSocket or send a state-changing request: the same origin
 * as the gateway, on a loopback bind also any localhost origin, plus the configured ones ({@code
 * "*"}: all). A request without {@code Origin} is not from a browser page and is not checked, so
 * this keeps a web page on the internet from driving a robot through a gateway on localhost.
 */
public record OriginPolicy(boolean all, Set<String> allowed, boolean localhost) {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  public OriginPolicy {
    allowed = Set.copyOf(allowed);
  }

  /** From {@code allowed-origins} for a gateway bound to {@code host}. */
  public static OriginPolicy of(List<String> origins, String host) {
    boolean loopback = LOOPBACK.contains(host.toLowerCase(Locale.ROOT)) || host.startsWith("127.");
    return new OriginPolicy(origins.contains("*"),
        Set.copyOf(origins.stream().map(o -> o.toLowerCase(Locale.ROOT).replaceAll("/+$", "")).toList()), loopback);
  }

  /**
   * True unless the gateway is bound to loopback and {@code hostHeader} names another host. A
   * page of another site whose name the attacker points at 127.0.0.1 (DNS rebinding) reaches a
   * loopback gateway as its own origin, so on a loopback bind only requests addressed to a
   * loopback name are answered. No {@code Host} (HTTP/1.0) passes.
   */
  public boolean allowsHost(String hostHeader) {
    if (!localhost || hostHeader == null || hostHeader.isBlank()) {
      return true;
    }
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    String name = h.startsWith("[") ? h.substring(0, h.indexOf(']') + 1) : h.replaceFirst(":\\d*$", "");
    return LOOPBACK.contains(name) || name.startsWith("127.");
  }

  /**
   * True when a request carrying {@code origin} to a gateway addressed as {@code host} (its
   * {@code Host} header, {@code name[:port]}) is allowed.
   */
  public boolean allows(String origin, String host) {
    if (all) {
      return true;
    }
    String o = origin.toLowerCase(Locale.ROOT).strip();
    if (allowed.contains(o)) {
      return true;
    }
    URI uri;
    try {
      uri = URI.create(o);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      return false; // "null" (a file or sandboxed page) and the like
    }
    String authority = uri.getRawAuthority();
    if (host != null && authority.equals(host.toLowerCase(Locale.ROOT))) {
      return true; // same origin: the page was served by this gateway
    }
    return localhost && LOOPBACK.contains(uri.getHost());
  }
}
