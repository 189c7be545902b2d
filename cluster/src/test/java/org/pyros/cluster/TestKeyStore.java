package org.pyros.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A self-signed key pair for 127.0.0.1 in a PKCS12 store (password pyros-test), made with keytool for a test. */
public final class TestKeyStore {
  public static final String PASSWORD = "pyros-test";

  private TestKeyStore() {}

  /** A fresh store {@code name}.p12 in {@code dir}, serving as key store and trust store. */
  public static Path create(Path dir, String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Files.deleteIfExists(store); // a fresh key each run
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "pyros", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed: " + out);
    return store;
  }

  /** Artery's TLS settings with {@code store} as key and trust store, as {@code -D} options. */
  public static List<String> arteryOptions(Path store) {
    return arterySettings(store).entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
  }

  /** Artery's TLS settings with {@code store} as key and trust store, over {@code fallback}. */
  public static Config arteryConfig(Path store, Config fallback) {
    return ConfigFactory.parseMap(arterySettings(store)).withFallback(fallback);
  }

  private static Map<String, String> arterySettings(Path store) {
    String prefix = "pekko.remote.artery.ssl.config-ssl-engine.";
    return Map.of("pekko.remote.artery.transport", "tls-tcp",
        prefix + "key-store", store.toString(), prefix + "trust-store", store.toString(),
        prefix + "key-store-password", PASSWORD, prefix + "key-password", PASSWORD,
        prefix + "trust-store-password", PASSWORD);
  }
}
