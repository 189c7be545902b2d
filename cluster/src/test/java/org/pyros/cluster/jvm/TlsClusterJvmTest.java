package org.pyros.cluster.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
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
 * test: a node host and a client in two JVMs work as over plain TCP, and the port speaks TLS.
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

    // The cluster port answers plain bytes with a TLS alert record (content type 21).
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), hostPort)) {
      raw.setSoTimeout(10_000);
      OutputStream out = raw.getOutputStream();
      out.write("hello, plain text\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = raw.getInputStream();
      assertEquals(21, in.read(), "expected a TLS alert from a tls-tcp member");
    }
  }
}
