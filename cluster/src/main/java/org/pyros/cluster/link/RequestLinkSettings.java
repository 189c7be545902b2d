package org.pyros.cluster.link;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of {@code pyros.cluster.request-link} (see {@code reference.conf} of pyros-cluster).
 *
 * @param enabled whether the node's host offers a link and clients take it: only when set (off
 *     by default) and never over a TLS cluster (the link is not encrypted)
 * @param port port the host listens on; 0 picks a free one
 * @param maxConnections links the host accepts at once
 * @param maxMessageBytes largest serialized request or reply
 * @param maxUnsentBytes bytes that may wait for a peer that does not read before its link closes
 * @param connectTimeout how long a client waits to connect
 * @param reconnectInterval pause before a client connects again after its link failed or closed
 *     (doubled after each failed attempt in a row, up to a minute)
 */
public record RequestLinkSettings(boolean enabled, int port, int maxConnections, int maxMessageBytes, long maxUnsentBytes,
    Duration connectTimeout, Duration reconnectInterval) {

  /** Reads the settings; the link is off unless enabled, and always off when Artery runs over TLS. */
  public static RequestLinkSettings fromConfig(Config config) {
    Config c = config.getConfig("pyros.cluster.request-link");
    boolean tls = config.hasPath("pekko.remote.artery.transport")
        && config.getString("pekko.remote.artery.transport").equals("tls-tcp");
    return new RequestLinkSettings(
        c.getBoolean("enabled") && !tls,
        c.getInt("port"),
        c.getInt("max-connections"),
        (int) Math.min(Integer.MAX_VALUE, config.getBytes("pyros.cluster.serialization.max-message-size")),
        c.getBytes("max-unsent-bytes"),
        c.getDuration("connect-timeout"),
        c.getDuration("reconnect-interval"));
  }
}
