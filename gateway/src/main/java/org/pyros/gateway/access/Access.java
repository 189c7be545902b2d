package org.pyros.gateway.access;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The gateway's bearer tokens ({@code pyros.gateway.access}), each with its own {@link Grant}.
 * With no tokens configured the gateway is open: every client has {@link Grant#EVERYTHING}.
 */
public final class Access {
  /** One configured token: its SHA-256 (compared, never the text) and what it grants. */
  private record Token(byte[] digest, Grant grant) {}

  private final List<Token> tokens;
  private final Optional<Grant> anonymous;

  private Access(List<Token> tokens, Optional<Grant> anonymous) {
    this.tokens = List.copyOf(tokens);
    this.anonymous = anonymous;
  }

  /** No tokens: everything for everyone. */
  public static final Access OPEN = new Access(List.of(), Optional.of(Grant.EVERYTHING));

  /** Reads {@code pyros.gateway.access} of {@code config}, secrets from the environment where it says {@code token-env}. */
  public static Access fromConfig(Config config) {
    return fromConfig(config, System::getenv);
  }

  static Access fromConfig(Config config, Function<String, String> environment) {
    Config c = config.getConfig("pyros.gateway.access");
    List<Token> tokens = new ArrayList<>();
    for (Config t : c.getConfigList("tokens")) {
      String name = t.getString("name");
      String secret = secret(t, name, environment);
      Config expose = t.hasPath("expose") ? t.getConfig("expose") : com.typesafe.config.ConfigFactory.empty();
      tokens.add(new Token(digest(secret), Grant.fromConfig(name, expose)));
    }
    if (tokens.isEmpty()) {
      return OPEN;
    }
    Optional<Grant> anonymous = c.getIsNull("anonymous") ? Optional.empty()
        : Optional.of(Grant.fromConfig("clients without a token", c.getConfig("anonymous")));
    return new Access(tokens, anonymous);
  }

  /** Tokens given in code: {@code secret -> grant}; {@code anonymous} may be null (refused). */
  public static Access of(Map<String, Grant> secrets, Grant anonymous) {
    List<Token> tokens = secrets.entrySet().stream().map(e -> new Token(digest(e.getKey()), e.getValue())).toList();
    return tokens.isEmpty() ? OPEN : new Access(tokens, Optional.ofNullable(anonymous));
  }

  private static String secret(Config t, String name, Function<String, String> environment) {
    String secret;
    if (t.hasPath("token")) {
      secret = t.getString("token");
    } else if (t.hasPath("token-env")) {
      secret = environment.apply(t.getString("token-env"));
      if (secret == null) {
        throw new ConfigException.BadValue("pyros.gateway.access.tokens", "token " + name + ": the environment variable "
            + t.getString("token-env") + " is not set");
      }
    } else if (t.hasPath("token-file")) {
      try {
        secret = Files.readString(Path.of(t.getString("token-file")), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigException.BadValue("pyros.gateway.access.tokens", "token " + name + ": cannot read "
            + t.getString("token-file") + ": " + e.getMessage());
      }
    } else {
      throw new ConfigException.Missing("pyros.gateway.access.tokens: token " + name + " has none of token, token-env, token-file");
    }
    if (secret.isBlank()) {
      throw new ConfigException.BadValue("pyros.gateway.access.tokens", "token " + name + " is empty");
    }
    return secret;
  }

  private static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** True when no tokens are configured. */
  public boolean isOpen() {
    return tokens.isEmpty();
  }

  /**
   * The grant of a presented token, or empty when it is no configured token. Every token is
   * compared, each in constant time, so the time taken tells nothing of which or how much matched.
   */
  public Optional<Grant> byToken(String presented) {
    byte[] given = digest(presented == null ? "" : presented);
    Grant found = null;
    for (Token t : tokens) {
      if (MessageDigest.isEqual(t.digest(), given) && found == null) {
        found = t.grant();
      }
    }
    return isOpen() ? Optional.of(Grant.EVERYTHING) : Optional.ofNullable(found);
  }

  /** What a client that presents no token gets; empty when such clients are refused. */
  public Optional<Grant> anonymous() {
    return anonymous;
  }
}
