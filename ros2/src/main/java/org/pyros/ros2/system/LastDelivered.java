package org.pyros.ros2.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pyros.ros2.rtps.wire.Guid;

/**
 * The last sequence number delivered from each writer of a topic, for the writers heard most
 * recently (at most {@code capacity}), so that a sample not newer than one already delivered is
 * recognised. The writer of the previous sample is kept in fields: a topic's samples mostly come
 * from the same writer, and the map (least recently used first) is touched only when it changes.
 * Thread-safe.
 */
final class LastDelivered {
  private final Map<Guid, Long> byWriter;
  private Guid recentWriter;
  private long recentSn;

  LastDelivered(int capacity) {
    byWriter = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Guid, Long> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True, and remembered, when {@code sn} is newer than the last delivered from {@code writer}. */
  synchronized boolean isNew(Guid writer, long sn) {
    if (!writer.equals(recentWriter)) {
      if (recentWriter != null) {
        byWriter.put(recentWriter, recentSn);
      }
      Long last = byWriter.get(writer);
      recentWriter = writer;
      recentSn = last == null ? Long.MIN_VALUE : last;
    }
    if (sn <= recentSn) {
      return false;
    }
    recentSn = sn;
    return true;
  }
}
