package org.pyros.ros2.rtps.endpoint;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Logs each kind of trouble of one endpoint once at WARN, later ones at DEBUG, so that a peer
 * sending bad input in a loop cannot flood the log. Remembers a bounded number of kinds.
 */
final class Warnings {
  private static final int MAX_KINDS = 256;
  private final Logger log;
  private final String owner;
  private final Set<String> seen = new HashSet<>();

  Warnings(Logger log, String owner) {
    this.log = log;
    this.owner = owner;
  }

  /** {@code kind} names the trouble (for example with the remote GUID in it, to log once per peer). */
  synchronized void once(String kind, String format, Object... args) {
    String message = owner + ": " + format;
    if (seen.size() < MAX_KINDS && seen.add(kind)) {
      log.warn(message, args);
    } else {
      log.debug(message, args);
    }
  }

  synchronized void forget(String kindPrefix) {
    seen.removeIf(k -> k.startsWith(kindPrefix));
  }
}
