package org.pyros.gateway.access;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * HTTPS and WSS for the gateway ({@code pyros.gateway.tls}): the server's key and certificate
 * from a key store (PKCS12 by default).
 *
 * @param keyStore the key store file
 * @param password its password (also the key's)
 * @param type the key store type
 */
public record TlsSettings(Path keyStore, char[] password, String type) {

  /** The settings of {@code pyros.gateway.tls}, empty when it is not enabled. */
  public static Optional<TlsSettings> fromConfig(Config config) {
    Config c = config.getConfig("pyros.gateway.tls");
    if (!c.getBoolean("enabled")) {
      return Optional.empty();
    }
    String password = c.hasPath("key-store-password-env") && !c.getString("key-store-password-env").isEmpty()
        ? System.getenv(c.getString("key-store-password-env")) : c.getString("key-store-password");
    if (password == null) {
      throw new IllegalArgumentException("pyros.gateway.tls: the environment variable "
          + c.getString("key-store-password-env") + " is not set");
    }
    return Optional.of(new TlsSettings(Path.of(c.getString("key-store")), password.toCharArray(), c.getString("key-store-type")));
  }

  /** An SSL context serving the key store's key; fails clearly when the store cannot be read. */
  public SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("pyros.gateway.tls: cannot use the key store " + keyStore + ": " + e.getMessage(), e);
    }
  }
}
