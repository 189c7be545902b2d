package org.pyros.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import org.pyros.cluster.link.RequestLinkSettings;

/**
 * Settings of the {@code pyros.cluster} section (see {@code reference.conf} of pyros-cluster).
 *
 * @param nodeRole members with this role may host the node
 * @param singletonName name of the singleton actor
 * @param identifyTimeout how long one ask of the node's identity waits
 * @param identifyInterval pause between identity asks while the node is unknown
 * @param resubscribeMinBackoff first retry delay of a failed re-subscription
 * @param resubscribeMaxBackoff longest retry delay of a failed re-subscription
 * @param hostMinBackoff first restart delay of a failed node on its host
 * @param hostMaxBackoff longest restart delay of a failed node on its host
 * @param systemStartTimeout how long a node host waits for its graph system to start before it
 *     gives up on that start and tries again with backoff
 * @param downCrashedHost whether a member downs the node's host at once when the host's request
 *     link closed and both its link and cluster ports refuse connections (its process is gone)
 * @param requestLink the request link between members' clients and the node's host
 */
public record ClusterSettings(
    String nodeRole,
    String singletonName,
    Duration identifyTimeout,
    Duration identifyInterval,
    Duration resubscribeMinBackoff,
    Duration resubscribeMaxBackoff,
    Duration hostMinBackoff,
    Duration hostMaxBackoff,
    Duration systemStartTimeout,
    boolean downCrashedHost,
    RequestLinkSettings requestLink) {

  public static ClusterSettings fromConfig(Config config) {
    Config c = config.getConfig("pyros.cluster");
    return new ClusterSettings(
        c.getString("node-role"),
        c.getString("singleton-name"),
        c.getDuration("identify-timeout"),
        c.getDuration("identify-interval"),
        c.getDuration("resubscribe.min-backoff"),
        c.getDuration("resubscribe.max-backoff"),
        c.getDuration("host-restart.min-backoff"),
        c.getDuration("host-restart.max-backoff"),
        c.getDuration("system-start-timeout"),
        c.getBoolean("down-crashed-host"),
        RequestLinkSettings.fromConfig(config));
  }
}
