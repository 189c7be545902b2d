package org.pyros.ros.xmlrpc;

import java.time.Duration;

/**
 * How long and how many: the bounds an {@link XmlRpcServer} holds its HTTP connections to, so
 * that peers that connect and go silent, or send a request a byte at a time, cannot take the
 * server from everyone else.
 *
 * @param requestTimeout the whole of one request (its header and body) must arrive in this time,
 *     and the whole answer must be taken in this time; counted from the connection (first request)
 *     or from the request's first byte (later requests on a kept-alive connection)
 * @param idleTimeout a kept-alive connection with no request under way is closed after this
 * @param maxConnections open connections in all; at the limit the oldest one not being answered
 *     makes room
 * @param maxConnectionsPerPeer open connections from one address; at the limit that address's
 *     oldest connection not being answered makes room
 * @param maxHeaderBytes largest accepted request line and header
 * @param maxBufferedBytes request bytes held for all unfinished requests together (beyond a small
 *     first buffer each); a request that would grow past it is answered 503
 */
public record HttpLimits(Duration requestTimeout, Duration idleTimeout, int maxConnections, int maxConnectionsPerPeer,
    int maxHeaderBytes, long maxBufferedBytes) {
  /** 10 s per request, 60 s idle, 2,048 connections, 512 per address, 16 KiB of header, 64 MiB held. */
  public static final HttpLimits DEFAULT =
      new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), 2048, 512, 16 * 1024, 64L << 20);

  public HttpLimits {
    if (requestTimeout.isNegative() || requestTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxConnections < 1 || maxConnectionsPerPeer < 1 || maxHeaderBytes < 64 || maxBufferedBytes < 0) {
      throw new IllegalArgumentException("connection limits must be positive and the header limit at least 64 bytes");
    }
  }
}
