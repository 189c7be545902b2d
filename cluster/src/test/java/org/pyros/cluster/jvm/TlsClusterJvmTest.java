package org.pyros.cluster.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pyros.cluster.app.ClientMain;
import org.pyros.cluster.app.NodeHostMain;

/**
 * The cluster transport over TLS (Pekko artery {@code tls-tcp}) with a certificate made for the
 * test: a node host and a client in two JVMs work as over plain TCP, and the port speaks TLS
 * (a TLS handshake with the test's certificate succeeds on it).
 */
class TlsClusterJvmTest {
  static final Duration START = Duration.ofSeconds(60);
  static final Duration ANSWER = Duration.ofSeconds(15);
  static final List<MemberProcess> processes = new ArrayList<>();

  @AfterAll
  static void stop() {
    processes.forEach(MemberProcess::close);
  }

  /** A self-signed key pair in a PKCS12 store, serving as key store and trust store. */
  static Path keyStore(Path dir) throws Exception {
    Path store = dir.resolve("pyros-test.p12");
    Files.deleteIfExists(store); // a fresh key each run
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "pyros", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "pyros-test", "-keypass", "pyros-test")
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed: " + out);
    return store;
  }

  static List<String> tls(Path store) {
    String prefix = "-Dpekko.remote.artery.ssl.config-ssl-engine.";
    return List.of("-Dpekko.remote.artery.transport=tls-tcp",
        prefix + "key-store=" + store, prefix + "trust-store=" + store,
        prefix + "key-store-password=pyros-test", prefix + "key-password=pyros-test",
        prefix + "trust-store-password=pyros-test");
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void membersTalkOverTls() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "tls-jvm-test"));
    Path store = keyStore(dir);
    int hostPort = MemberProcess.freePort();
    MemberProcess host = MemberProcess.start("tls-host", NodeHostMain.class, hostPort, hostPort, dir, tls(store));
    processes.add(host);
    MemberProcess client = MemberProcess.start("tls-client", ClientMain.class, MemberProcess.freePort(), hostPort, dir, tls(store));
    processes.add(client);
    host.awaitUp(START);
    client.awaitUp(START);

    String call = client.request("CALL /sim/echo true", ANSWER);
    for (long deadline = System.nanoTime() + START.toNanos(); !call.startsWith("OK") && System.nanoTime() < deadline; ) {
      Thread.sleep(200); // the client waits for the node to be identified over the new link
      call = client.request("CALL /sim/echo true", ANSWER);
    }
    assertTrue(call.startsWith("OK CALL") && call.contains("echo from " + host.hostPort()), call);
    assertTrue(client.request("SETPARAM /tls/ok 7", ANSWER).startsWith("OK SETPARAM"));
    assertEquals("OK GETPARAM 7", client.request("GETPARAM /tls/ok", ANSWER));
    // Everything went over TLS: the plain-TCP request link is off in a TLS cluster.
    assertEquals("OK LINK none", client.request("LINK", ANSWER));

    // The cluster port speaks TLS: a handshake with the test's certificate succeeds on it.
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "pyros-test".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "pyros-test".toCharArray());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), hostPort)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      assertTrue(socket.getSession().getProtocol().startsWith("TLS"), socket.getSession().getProtocol());
    }
  }
}
