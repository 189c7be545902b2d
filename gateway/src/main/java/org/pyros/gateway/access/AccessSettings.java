package org.pyros.gateway.access;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;

/**
 * Who may use the gateway and how they reach it: tokens ({@code pyros.gateway.access}), browser
 * origins ({@code pyros.gateway.allowed-origins}) and TLS ({@code pyros.gateway.tls}).
 */
public record AccessSettings(Access access, List<String> allowedOrigins, Optional<TlsSettings> tls) {

  public AccessSettings {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** Reads them from {@code config}. */
  public static AccessSettings fromConfig(Config config) {
    return new AccessSettings(Access.fromConfig(config), config.getStringList("pyros.gateway.allowed-origins"),
        TlsSettings.fromConfig(config));
  }

  /** The origin policy of a gateway listening on {@code host} (localhost origins only on a loopback bind). */
  public OriginPolicy origins(String host) {
    return OriginPolicy.of(allowedOrigins, host);
  }

  /** The same with other tokens. */
  public AccessSettings withAccess(Access other) {
    return new AccessSettings(other, allowedOrigins, tls);
  }

  /** The same served over TLS. */
  public AccessSettings withTls(TlsSettings settings) {
    return new AccessSettings(access, allowedOrigins, Optional.of(settings));
  }

  /** The same with other allowed origins ({@code "*"}: all). */
  public AccessSettings withAllowedOrigins(List<String> origins) {
    return new AccessSettings(access, origins, tls);
  }
}
