package org.pyros.ros2.rtps.endpoint;

import java.util.Map;
import java.util.TreeMap;

/**
 * A reader's state about one matched writer (DDS-RTPS 8.4.10.4): the next sequence number to
 * deliver, samples held until the ones before them arrive, fragmented samples being reassembled,
 * and when to answer its HEARTBEATs. Guarded by the reader's lock.
 */
final class WriterProxy {
  /**
   * A held entry at some sequence number: a sample, or (sample null) numbers up to {@code end}
   * (exclusive) that are irrelevant (a GAP, a dispose without data).
   */
  record Held(Sample sample, long end) {
    long bytes() {
      return sample == null ? 16 : (sample.bytes() == null ? 0 : sample.bytes().size()) + 64;
    }
  }

  RemoteWriter remote;
  final boolean reliable;
  /**
   * A VOLATILE reader of a writer that keeps history for late joiners starts at the writer's
   * newest sample: at the first HEARTBEAT or sample it hears.
   */
  final boolean startAtNewest;
  boolean started;
  /** Reliable: every number below it was delivered or is irrelevant. Best effort: one past the last delivered. */
  long nextExpected = 1;
  /** The highest sequence number the writer announced (HEARTBEAT lastSn). */
  long highestAvailable;
  final TreeMap<Long, Held> held = new TreeMap<>();
  long heldBytes;
  final TreeMap<Long, Reassembly> reassemblies = new TreeMap<>();
  long reassemblyBytes;
  boolean heartbeatSeen;
  int lastHeartbeatCount;
  boolean heartbeatFragSeen;
  int lastHeartbeatFragCount;
  /** {@link #nextExpected} when the held samples last overflowed and an ACKNACK went out for it. */
  long overflowAckAt;
  boolean ackNackDue;
  long ackNackDueAt;
  int ackNackCount;
  int nackFragCount;

  WriterProxy(RemoteWriter remote, boolean reliable, boolean startAtNewest) {
    this.remote = remote;
    this.reliable = reliable;
    this.startAtNewest = startAtNewest;
    this.started = !startAtNewest;
  }

  void removeHeld(Map.Entry<Long, Held> e) {
    held.remove(e.getKey());
    heldBytes -= e.getValue().bytes();
  }

  void putHeld(long sn, Held h) {
    held.put(sn, h);
    heldBytes += h.bytes();
  }

  void removeReassembly(long sn) {
    Reassembly r = reassemblies.remove(sn);
    if (r != null) {
      reassemblyBytes -= r.cost();
    }
  }

  /** Frees what lies below {@link #nextExpected}: it was delivered or is irrelevant. */
  void dropBelowNext() {
    while (!held.isEmpty() && held.firstKey() < nextExpected) {
      Map.Entry<Long, Held> e = held.firstEntry();
      if (e.getValue().sample() == null && e.getValue().end() > nextExpected) {
        break; // a range still covering numbers ahead: the drain uses it
      }
      removeHeld(e);
    }
    while (!reassemblies.isEmpty() && reassemblies.firstKey() < nextExpected) {
      removeReassembly(reassemblies.firstKey());
    }
  }

  /** True when {@code sn} is held, as a sample or inside an irrelevant range. */
  boolean isHeld(long sn) {
    Map.Entry<Long, Held> e = held.floorEntry(sn);
    return e != null && (e.getKey() == sn || e.getValue().end() > sn);
  }
}
