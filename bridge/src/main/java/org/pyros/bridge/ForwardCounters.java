package org.pyros.bridge;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What one forwarded topic did, written on the systems' delivery threads and read by the bridge. */
final class ForwardCounters {
  final AtomicLong forwarded = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong echoes = new AtomicLong();
  final AtomicReference<String> lastDrop = new AtomicReference<>("");
}
