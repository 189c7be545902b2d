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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pyros.cluster.TestKeyStore;
import org.pyros.cluster.app.ClientMain;
import org.pyros.cluster.app.NodeHostMain;

/**
 * The cluster transport over TLS (Pekko artery {@code tls-tcp}) with a certificate made for the
 * test: a node host and a client in two JVMs work as over plain TCP, the client's requests take
 * the request link, and both the cluster port and the link port speak TLS (a TLS handshake with
 * the test's certificate succeeds on each).
 */
class TlsClusterJvmTest {
  static final Duration START = Duration.ofSeconds(60);
  static final Duration ANSWER = Duration.ofSeconds(15);
  static final List<MemberProcess> processes = new ArrayList<>();

  @AfterAll
  static void stop() {
    processes.forEach(MemberProcess::close);
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void membersTalkOverTls() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "tls-jvm-test"));
    Path store = TestKeyStore.create(dir, "pyros-test");
    int hostPort = MemberProcess.freePort();
    MemberProcess host = MemberProcess.start("tls-host", NodeHostMain.class, hostPort, hostPort, dir, TestKeyStore.arteryOptions(store));
    processes.add(host);
    MemberProcess client = MemberProcess.start("tls-client", ClientMain.class, MemberProcess.freePort(), hostPort, dir, TestKeyStore.arteryOptions(store));
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
    // The client's requests take the request link, over TLS with Artery's keys (only a TLS
    // client with a trusted key, and a member's ticket, gets through: TlsRequestLinkTest).
    String link = client.request("LINK", ANSWER);
    for (long deadline = System.nanoTime() + START.toNanos(); link.equals("OK LINK none") && System.nanoTime() < deadline; ) {
      Thread.sleep(200); // poll interval: the link opens once the host admits this member
      link = client.request("LINK", ANSWER);
    }
    assertTrue(link.startsWith("OK LINK 127.0.0.1:"), link);
    assertEquals("OK GETPARAM 7", client.request("GETPARAM /tls/ok", ANSWER));
    int linkPort = Integer.parseInt(link.substring(link.lastIndexOf(':') + 1));

    // The cluster port speaks TLS: a handshake with the test's certificate succeeds on it.
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, TestKeyStore.PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, TestKeyStore.PASSWORD.toCharArray());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    for (int port : new int[] {hostPort, linkPort}) {
      try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        assertTrue(socket.getSession().getProtocol().startsWith("TLS"), port + ": " + socket.getSession().getProtocol());
      }
    }
  }
}
