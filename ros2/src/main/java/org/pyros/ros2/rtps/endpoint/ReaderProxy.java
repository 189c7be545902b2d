package org.pyros.ros2.rtps.endpoint;

import java.util.TreeMap;
import java.util.TreeSet;
import org.pyros.ros2.rtps.wire.EntityId;

/**
 * A writer's state about one matched reader (DDS-RTPS 8.4.7.4): what it acknowledged, what it
 * asked for again. Guarded by the writer's lock.
 */
final class ReaderProxy {
  /** The most fragment requests (samples) a reader may have pending at once. */
  static final int MAX_FRAGMENT_REQUESTS = 16;

  RemoteReader remote;
  final boolean reliable;
  /** The first sequence number this reader cares about: later than the history for a volatile one. */
  final long startSn;
  /** Every sequence number below this one is acknowledged (or irrelevant to this reader). */
  long ackedBelow;
  /** Sequence numbers it asked for again and not yet resent (at most one ACKNACK window). */
  final TreeSet<Long> requested = new TreeSet<>();
  /** Fragment numbers it asked for again, per sequence number. */
  final TreeMap<Long, TreeSet<Integer>> requestedFragments = new TreeMap<>();
  boolean ackNackSeen;
  /** It sent an ACKNACK that answers a HEARTBEAT: it knows which samples are there for it. */
  boolean heardHeartbeat;
  int lastAckNackCount;
  boolean nackFragSeen;
  int lastNackFragCount;
  long nextHeartbeatAt;
  /** The sample that last carried a heartbeat to this reader, and the writer's clock then. */
  long piggybackedSn = Long.MIN_VALUE / 2;
  long piggybackedAt = Long.MIN_VALUE;

  /** True for a reader that starts at the next sample written (not offered the history). */
  final boolean startsAtNext;

  ReaderProxy(RemoteReader remote, boolean reliable, long startSn, boolean startsAtNext) {
    this.remote = remote;
    this.reliable = reliable;
    this.startSn = startSn;
    this.ackedBelow = startSn;
    this.startsAtNext = startsAtNext;
  }

  /** A reliable reader starting at the next sample that has not acknowledged its first sample yet. */
  boolean mayNotKnowItsStart() {
    return reliable && startsAtNext && ackedBelow <= startSn;
  }

  EntityId readerId() {
    return remote.guid().entityId();
  }

  boolean hasRequests() {
    return !requested.isEmpty() || !requestedFragments.isEmpty();
  }
}
