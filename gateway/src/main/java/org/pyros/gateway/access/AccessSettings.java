package org.pyros.gateway.access;

import com.typesafe.config.Config;
import java.util.Optional;

/**
 * Who may use the gateway and how they reach it: tokens ({@code pyros.gateway.access}), browser
 * origins ({@code pyros.gateway.allowed-origins}) and TLS ({@code pyros.gateway.tls}).
 */
public record AccessSettings(Access access, OriginPolicy origins, Optional<TlsSettings> tls) {

  /** Reads them from {@code config}, origins judged for the configured {@code pyros.gateway.host}. */
  public static AccessSettings fromConfig(Config config) {
    return new AccessSettings(Access.fromConfig(config),
        OriginPolicy.of(config.getStringList("pyros.gateway.allowed-origins"), config.getString("pyros.gateway.host")),
        TlsSettings.fromConfig(config));
  }

  /** The same with other tokens. */
  public AccessSettings withAccess(Access other) {
    return new AccessSettings(other, origins, tls);
  }

  /** The same served over TLS. */
  public AccessSettings withTls(TlsSettings settings) {
    return new AccessSettings(access, origins, Optional.of(settings));
  }

  /** The same with other allowed origins. */
  public AccessSettings withOrigins(OriginPolicy policy) {
    return new AccessSettings(access, policy, tls);
  }
}
