package org.pyros.cluster.link;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for request links with Artery's own settings ({@code pekko.remote.artery.ssl.config-ssl-engine}):
 * the same key store, trust store, protocol and cipher suites, mutual authentication when
 * Artery requires it ({@code require-mutual-authentication}, on by default), host name
 * verification when Artery does it. Only for Pekko's {@code ConfigSSLEngineProvider}: with
 * another provider the link cannot know Artery's keys, and stays off.
 */
public final class LinkTls {
  private static final String SSL = "pekko.remote.artery.ssl.";
  private static final String CONFIG_PROVIDER = "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider";

  private final SSLContext context;
  private final String[] protocols;
  private final String[] cipherSuites;
  private final boolean mutual;
  private final boolean verifyHostname;

  private LinkTls(SSLContext context, String[] protocols, String[] cipherSuites, boolean mutual, boolean verifyHostname) {
    this.context = context;
    this.protocols = protocols;
    this.cipherSuites = cipherSuites;
    this.mutual = mutual;
    this.verifyHostname = verifyHostname;
  }

  /** Whether Artery runs over TLS in {@code config}. */
  public static boolean arteryUsesTls(Config config) {
    return config.hasPath("pekko.remote.artery.transport") && config.getString("pekko.remote.artery.transport").equals("tls-tcp");
  }

  /**
   * TLS as Artery's in {@code config}; empty when Artery uses an SSL engine provider other than
   * Pekko's config-based one.
   *
   * @throws IllegalStateException when the key or trust store cannot be read
   */
  public static Optional<LinkTls> fromArtery(Config config) {
    if (!config.getString(SSL + "ssl-engine-provider").equals(CONFIG_PROVIDER)) {
      return Optional.empty();
    }
    Config c = config.getConfig(SSL + "config-ssl-engine");
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store(c.getString("key-store"), c.getString("key-store-password")), c.getString("key-password").toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store(c.getString("trust-store"), c.getString("trust-store-password")));
      String protocol = c.getString("protocol");
      SSLContext context = SSLContext.getInstance(protocol);
      String rng = c.getString("random-number-generator");
      // As Artery reads it: empty or "SecureRandom" is the JDK's default, anything else an algorithm name.
      boolean byDefault = rng.isEmpty() || rng.equals("SecureRandom");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), byDefault ? new SecureRandom() : SecureRandom.getInstance(rng));
      return Optional.of(new LinkTls(context, new String[] {protocol}, c.getStringList("enabled-algorithms").toArray(String[]::new),
          c.getBoolean("require-mutual-authentication"), c.getBoolean("hostname-verification")));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the request link cannot use Artery's TLS settings (" + SSL + "config-ssl-engine): "
          + e.getMessage(), e);
    }
  }

  private static KeyStore store(String path, String password) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  /** The server's end over an accepted plain socket; the handshake happens on first use. */
  SSLSocket server(Socket accepted) throws IOException {
    SSLSocket s = layer(accepted, accepted.getInetAddress().getHostAddress(), false);
    s.setNeedClientAuth(mutual);
    return s;
  }

  /** The client's end over a connected plain socket to {@code host}. */
  SSLSocket client(Socket connected, String host) throws IOException {
    SSLSocket s = layer(connected, host, true);
    if (verifyHostname) {
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
    }
    return s;
  }

  private SSLSocket layer(Socket plain, String host, boolean clientMode) throws IOException {
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
    s.setUseClientMode(clientMode);
    s.setEnabledProtocols(protocols);
    s.setEnabledCipherSuites(cipherSuites);
    return s;
  }
}
