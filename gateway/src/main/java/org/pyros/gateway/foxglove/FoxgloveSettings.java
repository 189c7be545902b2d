package org.pyros.gateway.foxglove;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The Foxglove protocol's own settings, {@code pyros.gateway.foxglove} in HOCON; the frame and
 * send-queue limits are the gateway's.
 *
 * @param graphPoll how often each connection looks for topics and services that came or went
 * @param serviceCallTimeout how long a client's service call may take
 */
public record FoxgloveSettings(Duration graphPoll, Duration serviceCallTimeout) {

  public FoxgloveSettings {
    if (graphPoll.isNegative() || graphPoll.isZero() || serviceCallTimeout.isNegative() || serviceCallTimeout.isZero()) {
      throw new IllegalArgumentException("pyros.gateway.foxglove durations must be positive");
    }
  }

  /** Reads {@code pyros.gateway.foxglove} from {@code config}. */
  public static FoxgloveSettings fromConfig(Config config) {
    Config c = config.getConfig("pyros.gateway.foxglove");
    return new FoxgloveSettings(c.getDuration("graph-poll"), c.getDuration("service-call-timeout"));
  }
}
