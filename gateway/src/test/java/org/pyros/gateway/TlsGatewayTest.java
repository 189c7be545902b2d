package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pyros.gateway.access.Access;
import org.pyros.gateway.access.AccessSettings;
import org.pyros.gateway.access.Grant;
import org.pyros.gateway.access.TlsSettings;
import org.pyros.testkit.PyrosTestKit;

/** HTTPS and WSS with a self-signed PKCS12 key store made by keytool, the JDK's clients trusting it. */
class TlsGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String PASSWORD = "pyros-test";

  @TempDir
  Path dir;

  private Path keyStore() throws Exception {
    Path store = dir.resolve("gateway.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed: " + out);
    return store;
  }

  private static SSLContext trusting(Path store) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      trusted.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  @Test
  void httpsAndWssServeClientsThatTrustTheCertificateWithTokens() throws Exception {
    Path store = keyStore();
    try (PyrosTestKit kit = PyrosTestKit.inMemory()) {
      var config = kit.system().settings().config();
      AccessSettings access = AccessSettings.fromConfig(config)
          .withTls(new TlsSettings(store, PASSWORD.toCharArray(), "PKCS12"))
          .withAccess(Access.of(Map.of("tls-secret", Grant.EVERYTHING), null));
      try (Gateway gateway = Gateway.start(kit.system(), kit.client(), kit.node(),
          GatewaySettings.fromConfig(config).withPort(0), access).toCompletableFuture().get(10, TimeUnit.SECONDS)) {
        assertEquals("https", gateway.httpUri().getScheme());
        assertEquals("wss", gateway.websocketUri().getScheme());
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(store)).build();
        HttpRequest topics = HttpRequest.newBuilder(gateway.httpUri().resolve("/api/topics")).timeout(WAIT)
            .header("Authorization", "Bearer tls-secret").build();
        HttpResponse<String> answer = client.send(topics, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(401, client.send(HttpRequest.newBuilder(gateway.httpUri().resolve("/api/topics")).timeout(WAIT).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());

        try (JsonSocket ws = JsonSocket.connect(gateway.websocketUri(), client, Map.of("Authorization", "Bearer tls-secret"))) {
          ws.send("{\"op\":\"call_service\",\"id\":\"t\",\"service\":\"/rosapi/get_time\"}");
          assertTrue(ws.next(m -> m.path("id").asText().equals("t"), WAIT).path("result").asBoolean());
        }
        // A client that does not trust the certificate gets no answer from it.
        assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(topics, HttpResponse.BodyHandlers.ofString()));
        // Nor does plain HTTP on the TLS port.
        URI plain = URI.create("http://127.0.0.1:" + gateway.port() + "/api/topics");
        assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(plain).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()));
      }
    }
  }
}
