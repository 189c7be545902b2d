package org.pyros.ros2.rtps.endpoint;

import java.util.List;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.MessageBuilder;
import org.pyros.ros2.rtps.wire.Submessage;
import org.pyros.ros2.rtps.wire.Timestamp;

/**
 * The submessages an endpoint sends to one destination in one go, cut into as few datagrams as
 * they fit: each datagram starts with INFO_DST (and INFO_TS when a timestamp is current), as
 * Cyclone sends DATA and the HEARTBEAT riding on it. Not thread-safe: used under its endpoint's
 * lock.
 */
final class DatagramBatch {
  private final Outbox out;
  private final MessageBuilder builder;
  private final Warnings warnings;
  private GuidPrefix destination = GuidPrefix.UNKNOWN;
  private List<Locator> to = List.of();
  private Timestamp timestamp;
  private boolean hasContent;

  DatagramBatch(Outbox out, int maxDatagramBytes, Warnings warnings) {
    this.out = out;
    this.builder = new MessageBuilder(out.localPrefix(), maxDatagramBytes);
    this.warnings = warnings;
  }

  /** Starts a batch for the participant {@code destination} at {@code to}; flushes any previous one. */
  void begin(GuidPrefix destination, List<Locator> to) {
    flush();
    this.destination = destination;
    this.to = to;
    this.timestamp = null;
    restart();
  }

  /** Makes {@code ts} the source time of what follows (nothing when it is already, or null). */
  void timestamp(Timestamp ts) {
    if (ts == null || ts.equals(timestamp)) {
      return;
    }
    timestamp = ts;
    if (!builder.add(new Submessage.InfoTimestamp(ts))) {
      flush();
    }
  }

  /** Adds a submessage, sending the datagram so far first when it does not fit. */
  boolean add(Submessage s) {
    if (builder.add(s)) {
      hasContent = true;
      return true;
    }
    if (hasContent) {
      flush();
      if (builder.add(s)) {
        hasContent = true;
        return true;
      }
    }
    warnings.once("too-big", "a submessage does not fit a datagram of the configured size; dropped: {}",
        s.getClass().getSimpleName());
    return false;
  }

  /** Sends what is pending. */
  void flush() {
    if (!hasContent) {
      return;
    }
    try {
      if (!to.isEmpty()) {
        out.send(to, builder.finish());
      }
    } catch (RuntimeException e) {
      warnings.once("send", "sending to {} failed: {}", to, e.toString());
    } finally {
      restart();
    }
  }

  private void restart() {
    builder.reset();
    hasContent = false;
    builder.add(new Submessage.InfoDestination(destination));
    if (timestamp != null) {
      builder.add(new Submessage.InfoTimestamp(timestamp));
    }
  }
}
