package org.pyros.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What a crashed host looks like to the probe, and what does not. */
class PortProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void aPortNobodyListensOnIsRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertTrue(PortProbe.refuses("127.0.0.1", port, TIMEOUT));
  }

  @Test
  void aListeningPortIsNotRefusedEvenWhenNobodyAccepts() throws IOException {
    // A frozen process: its socket listens, nobody calls accept; the kernel completes the connection.
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertFalse(PortProbe.refuses("127.0.0.1", s.getLocalPort(), TIMEOUT));
    }
  }

  @Test
  void onlyARefusalCountsAsOne() {
    ConnectException refused = new ConnectException("Connection refused");
    assertTrue(PortProbe.isRefusal(refused));
    assertTrue(PortProbe.isRefusal(new CompletionException(new UncheckedIOException(refused))));
    assertFalse(PortProbe.isRefusal(new CompletionException(new UncheckedIOException(new SocketTimeoutException("timed out")))));
    assertFalse(PortProbe.isRefusal(new IllegalStateException("other")));
  }
}
