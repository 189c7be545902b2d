package org.pyros.ros2.rtps.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pyros.ros2.rtps.wire.GuidPrefix;

/**
 * The remote participants SPDP has heard, each with the time its lease runs out (the lease its
 * own announcement names). Bounded: beyond {@code capacity} participants new ones are refused.
 * Not thread-safe: the caller holds its discovery lock.
 */
public final class RemoteParticipants {
  /** What an announcement changed. */
  public enum Heard { NEW, CHANGED, REFRESHED, REFUSED }

  private record Entry(ParticipantData data, long expiresAtNanos) {}

  private final Map<GuidPrefix, Entry> entries = new HashMap<>();
  private final int capacity;

  public RemoteParticipants(int capacity) {
    this.capacity = capacity;
  }

  /** Records an announcement heard at {@code nowNanos}: the lease starts again. */
  public Heard heard(ParticipantData data, long nowNanos) {
    Entry old = entries.get(data.prefix());
    if (old == null && entries.size() >= capacity) {
      return Heard.REFUSED;
    }
    entries.put(data.prefix(), new Entry(data, nowNanos + leaseNanos(data.leaseDuration())));
    if (old == null) {
      return Heard.NEW;
    }
    return old.data().equals(data) ? Heard.REFRESHED : Heard.CHANGED;
  }

  public Optional<ParticipantData> get(GuidPrefix prefix) {
    Entry e = entries.get(prefix);
    return e == null ? Optional.empty() : Optional.of(e.data());
  }

  public Optional<ParticipantData> remove(GuidPrefix prefix) {
    Entry e = entries.remove(prefix);
    return e == null ? Optional.empty() : Optional.of(e.data());
  }

  /** Removes and returns the participants whose lease ran out before {@code nowNanos}. */
  public List<ParticipantData> expire(long nowNanos) {
    List<ParticipantData> gone = new ArrayList<>();
    entries.values().removeIf(e -> {
      if (nowNanos - e.expiresAtNanos() > 0) {
        gone.add(e.data());
        return true;
      }
      return false;
    });
    return gone;
  }

  public Map<GuidPrefix, ParticipantData> snapshot() {
    Map<GuidPrefix, ParticipantData> m = new HashMap<>();
    entries.forEach((k, v) -> m.put(k, v.data()));
    return m;
  }

  public int size() {
    return entries.size();
  }

  private static long leaseNanos(Duration lease) {
    // An infinite lease (or any beyond a century) never runs out in practice.
    Duration capped = lease.compareTo(Duration.ofDays(36_500)) > 0 ? Duration.ofDays(36_500) : lease;
    return capped.toNanos();
  }
}
