package org.pyros.cluster.link;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of {@code pyros.cluster.request-link} (see {@code reference.conf} of pyros-cluster).
 *
 * @param enabled whether the node's host offers a link and clients take it; over a TLS cluster
 *     only when the link can use Artery's TLS settings
 * @param port port the host listens on; 0 picks a free one
 * @param maxConnections links the host accepts at once
 * @param maxMessageBytes largest serialized request or reply
 * @param maxUnsentBytes bytes that may wait for a peer that does not read before its link closes
 * @param connectTimeout how long a client waits to connect
 * @param admissionTimeout how long the host waits for a new connection's TLS handshake and
 *     hello, and a client to be admitted
 * @param reconnectInterval pause before a client connects again after its link failed or closed
 *     (doubled after each failed attempt in a row, up to a minute)
 * @param tls TLS as Artery's when Artery runs over TLS; empty: plain TCP
 */
public record RequestLinkSettings(boolean enabled, int port, int maxConnections, int maxMessageBytes, long maxUnsentBytes,
    Duration connectTimeout, Duration admissionTimeout, Duration reconnectInterval, Optional<LinkTls> tls) {

  /**
   * Reads the settings. Over a TLS cluster the link runs TLS with Artery's settings, and is off
   * when Artery's SSL engine provider is not Pekko's config-based one.
   */
  public static RequestLinkSettings fromConfig(Config config) {
    Config c = config.getConfig("pyros.cluster.request-link");
    boolean enabled = c.getBoolean("enabled");
    boolean overTls = LinkTls.arteryUsesTls(config);
    Optional<LinkTls> tls = enabled && overTls ? LinkTls.fromArtery(config) : Optional.empty();
    return new RequestLinkSettings(
        enabled && (!overTls || tls.isPresent()),
        c.getInt("port"),
        c.getInt("max-connections"),
        (int) Math.min(Integer.MAX_VALUE, config.getBytes("pyros.cluster.serialization.max-message-size")),
        c.getBytes("max-unsent-bytes"),
        c.getDuration("connect-timeout"),
        c.getDuration("admission-timeout"),
        c.getDuration("reconnect-interval"),
        tls);
  }
}
