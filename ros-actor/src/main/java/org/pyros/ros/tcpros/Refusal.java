package org.pyros.ros.tcpros;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The answer to a connection we refuse: an {@code error=...} header, then the connection closes. */
final class Refusal {
  private static final Logger log = LoggerFactory.getLogger(Refusal.class);

  private Refusal() {}

  /** Writes the error header on a blocking connection; the caller closes it. */
  static void refuse(java.nio.channels.SocketChannel channel, String reason) throws java.io.IOException {
    log.warn("Refusing TCPROS connection: {}", reason);
    TcprosServer.writeFully(channel, ConnectionHeader.encodeError(reason));
  }
}
