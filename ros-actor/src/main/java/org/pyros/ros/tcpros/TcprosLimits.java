package org.pyros.ros.tcpros;

import java.time.Duration;

/**
 * What one TCPROS connection, and the node's TCPROS port, may cost: every publication,
 * subscription, service server and service client reads and writes within these.
 *
 * @param maxFrameBytes largest message, request or response; a longer frame drops the connection
 * @param headerDeadline time for a whole connection header to arrive, however it is cut up
 * @param connectTimeout limit for one TCP connect to a publisher or service server
 * @param maxConnections connections our TCPROS port holds at once (a thread each)
 * @param maxPendingPerPeer connections from one address whose header is still on its way; one
 *     more from there closes its oldest such connection
 * @param upFrontBytes what a frame from a peer we chose (publisher, service server) may take
 *     before its bytes arrive; a longer frame's array grows as they do
 * @param acceptedUpFrontBytes the same for peers that connect to us (headers included)
 * @param writeBatchBytes largest gathering write of queued messages to one subscriber
 */
public record TcprosLimits(int maxFrameBytes, Duration headerDeadline, Duration connectTimeout, int maxConnections,
    int maxPendingPerPeer, int upFrontBytes, int acceptedUpFrontBytes, int writeBatchBytes) {
  /**
   * Room for a megabyte image and its fields in one array from the first byte up front (at
   * exactly 1 MiB each such image had to grow, and be copied, to 2 MiB); 64 KiB for peers that
   * connect to us, so a thousand of them announcing large frames reserve little.
   */
  public static final TcprosLimits DEFAULT = new TcprosLimits(256 << 20, Duration.ofSeconds(10),
      Duration.ofSeconds(10), 1024, 64, 2 << 20, 64 << 10, 256 << 10);

  public TcprosLimits {
    if (maxFrameBytes < 0 || maxFrameBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxFrameBytes out of range: " + maxFrameBytes);
    }
    if (headerDeadline.isNegative() || headerDeadline.isZero() || connectTimeout.isNegative()) {
      throw new IllegalArgumentException("headerDeadline must be positive, connectTimeout not negative");
    }
    if (maxConnections < 1 || maxPendingPerPeer < 1 || upFrontBytes < 1 || acceptedUpFrontBytes < 1
        || writeBatchBytes < 1) {
      throw new IllegalArgumentException("connection counts and buffer sizes must be at least 1");
    }
  }

  public TcprosLimits withMaxFrameBytes(int bytes) {
    return new TcprosLimits(bytes, headerDeadline, connectTimeout, maxConnections, maxPendingPerPeer, upFrontBytes,
        acceptedUpFrontBytes, writeBatchBytes);
  }

  public TcprosLimits withHeaderDeadline(Duration deadline) {
    return new TcprosLimits(maxFrameBytes, deadline, connectTimeout, maxConnections, maxPendingPerPeer, upFrontBytes,
        acceptedUpFrontBytes, writeBatchBytes);
  }

  public TcprosLimits withConnections(int max, int pendingPerPeer) {
    return new TcprosLimits(maxFrameBytes, headerDeadline, connectTimeout, max, pendingPerPeer, upFrontBytes,
        acceptedUpFrontBytes, writeBatchBytes);
  }
}
