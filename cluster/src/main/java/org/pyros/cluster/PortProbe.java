package org.pyros.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Tells a member whose process is gone from one that is only slow or cut off: a host that is up
 * answers a connection to a port nobody listens on with a refusal at once, while a frozen
 * process still accepts (the kernel queues the connection) and a partition lets it time out.
 */
final class PortProbe {
  private PortProbe() {}

  /** True when connecting to {@code host:port} is refused; false when it connects, times out or fails otherwise. Blocks. */
  static boolean refuses(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether {@code failure} (as a future reports it) is a refused connection. */
  static boolean isRefusal(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof UncheckedIOException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ConnectException;
  }
}
