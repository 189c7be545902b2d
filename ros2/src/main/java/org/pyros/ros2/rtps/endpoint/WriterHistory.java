package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.Timestamp;

/**
 * A writer's history cache: the samples it can still send, by sequence number, always a
 * contiguous range (samples leave it oldest first). Not thread-safe: used under the writer's lock.
 */
final class WriterHistory {
  /** One sample as written: the writer's own copy of the payload. */
  record Change(long sn, ByteBuffer payload, ParameterList inlineQos, Timestamp timestamp) {
    int size() {
      return payload.remaining();
    }
  }

  private final NavigableMap<Long, Change> changes = new TreeMap<>();
  private long bytes;

  void add(Change c) {
    changes.put(c.sn(), c);
    bytes += c.size();
  }

  Change get(long sn) {
    return changes.get(sn);
  }

  /** Removes and returns the oldest sample, null when empty. */
  Change removeOldest() {
    var e = changes.pollFirstEntry();
    if (e == null) {
      return null;
    }
    bytes -= e.getValue().size();
    return e.getValue();
  }

  /** The oldest sequence number held, or {@code orElse} when empty. */
  long firstSn(long orElse) {
    return changes.isEmpty() ? orElse : changes.firstKey();
  }

  int size() {
    return changes.size();
  }

  long bytes() {
    return bytes;
  }

  Collection<Change> all() {
    return changes.values();
  }
}
