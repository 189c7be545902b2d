package org.pyros.gateway;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The gateway's settings, {@code pyros.gateway} in HOCON (defaults in the module's
 * reference.conf).
 *
 * @param host interface to listen on, loopback by default
 * @param port port to listen on; 0 takes a free port
 * @param maxFrameBytes largest WebSocket message or HTTP body accepted
 * @param queueLength messages a subscription keeps waiting when the client names no queue_length
 * @param maxQueuedBytes bytes waiting for one connection before it is cut off
 * @param stallTimeout how long a connection may have messages waiting and take none
 * @param maxOpenFragmented fragmented messages being assembled at once per connection
 * @param providedServiceTimeout how long a client-provided service has to answer
 * @param subscribeRetry interval of retries of a subscribe to a topic not yet in the graph
 * @param nodeName the node name reported by rosapi
 * @param idleTimeout how long a WebSocket that sends nothing and holds nothing stays open; null: forever
 * @param maxConnections connections open at once
 */
public record GatewaySettings(String host, int port, int maxFrameBytes, int queueLength, long maxQueuedBytes,
    Duration stallTimeout, int maxOpenFragmented, Duration providedServiceTimeout, Duration subscribeRetry, String nodeName,
    Duration idleTimeout, int maxConnections) {

  private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
  private static final int DEFAULT_MAX_CONNECTIONS = 4096;

  public GatewaySettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("pyros.gateway.port out of range: " + port);
    }
    if (maxFrameBytes <= 0 || queueLength <= 0 || maxQueuedBytes <= 0 || maxOpenFragmented <= 0 || maxConnections <= 0) {
      throw new IllegalArgumentException("pyros.gateway limits must be positive");
    }
  }

  /** Settings with the reference idle timeout and connection limit. */
  public GatewaySettings(String host, int port, int maxFrameBytes, int queueLength, long maxQueuedBytes,
      Duration stallTimeout, int maxOpenFragmented, Duration providedServiceTimeout, Duration subscribeRetry, String nodeName) {
    this(host, port, maxFrameBytes, queueLength, maxQueuedBytes, stallTimeout, maxOpenFragmented, providedServiceTimeout,
        subscribeRetry, nodeName, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
  }

  /** Reads {@code pyros.gateway} from {@code config}. */
  public static GatewaySettings fromConfig(Config config) {
    Config c = config.getConfig("pyros.gateway");
    return new GatewaySettings(
        c.getString("host"),
        c.getInt("port"),
        (int) Math.min(Integer.MAX_VALUE, c.getBytes("max-frame-bytes")),
        c.getInt("send-queue.queue-length"),
        c.getBytes("send-queue.max-bytes"),
        c.getDuration("send-queue.stall-timeout"),
        c.getInt("max-open-fragmented"),
        c.getDuration("provided-service-timeout"),
        c.getDuration("subscribe-retry"),
        c.getString("node-name"),
        c.getString("idle-timeout").equals("off") ? null : c.getDuration("idle-timeout"),
        c.getInt("max-connections"));
  }

  /** The same settings listening on {@code port}. */
  public GatewaySettings withPort(int port) {
    return new GatewaySettings(host, port, maxFrameBytes, queueLength, maxQueuedBytes, stallTimeout, maxOpenFragmented,
        providedServiceTimeout, subscribeRetry, nodeName, idleTimeout, maxConnections);
  }

  /** The same settings with another send queue. */
  public GatewaySettings withSendQueue(int queueLength, long maxQueuedBytes, Duration stallTimeout) {
    return new GatewaySettings(host, port, maxFrameBytes, queueLength, maxQueuedBytes, stallTimeout, maxOpenFragmented,
        providedServiceTimeout, subscribeRetry, nodeName, idleTimeout, maxConnections);
  }

  /** The same settings with another idle timeout (null: none). */
  public GatewaySettings withIdleTimeout(Duration idleTimeout) {
    return new GatewaySettings(host, port, maxFrameBytes, queueLength, maxQueuedBytes, stallTimeout, maxOpenFragmented,
        providedServiceTimeout, subscribeRetry, nodeName, idleTimeout, maxConnections);
  }
}
