package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.pekko.util.ByteString;
import org.pyros.ros2.rtps.qos.Durability;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.NumberSet;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.Submessage.AckNack;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Submessage.DataFrag;
import org.pyros.ros2.rtps.wire.Submessage.Gap;
import org.pyros.ros2.rtps.wire.Submessage.Heartbeat;
import org.pyros.ros2.rtps.wire.Submessage.NackFrag;
import org.pyros.ros2.rtps.wire.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RTPS writer that keeps state per matched reader (DDS-RTPS 8.4.7, 8.4.9): a history cache
 * per the HISTORY QoS, DATA (or DATA_FRAG for samples larger than the fragment size) pushed to
 * every matched reader, and for reliable readers periodic HEARTBEATs, answers to ACKNACK and
 * NACK_FRAG with the samples or fragments asked for, and GAPs for those it no longer holds; an
 * ACKNACK that expects an answer (no final flag) and asks for nothing gets a HEARTBEAT.
 *
 * <p>History: KEEP_LAST keeps the last {@code depth} samples; KEEP_ALL keeps every sample up to
 * its limit (the QoS depth, capped by {@link WriterSettings#maxSamples()}) and, when VOLATILE,
 * forgets samples every reliable reader acknowledged. When a KEEP_ALL history is full the oldest
 * sample is dropped even if a reader has not acknowledged it (logged once); {@code write} does
 * not block, because a slow or vanished reader (one whose lease has not expired yet) would
 * otherwise stall the user's thread, and in Pyros that thread serves other actors too. A reader
 * that asks for a dropped sample gets a GAP.
 *
 * <p>Durability: a reader matched while both are TRANSIENT_LOCAL is offered the whole history (a
 * reliable one through HEARTBEAT and its ACKNACK, a best-effort one by pushing it); any other
 * reader starts at the next sequence number, and its first HEARTBEAT says so.
 *
 * <p>Threads: {@code write} from user threads, {@code on*} from receive threads and
 * {@code onTimer} from the timer thread, concurrently. One lock guards the state, and datagrams
 * are sent under it, so that samples leave in sequence-number order; {@link Outbox#send} is a
 * UDP send that returns at once. The resend work one ACKNACK can cause on a receive thread is
 * bounded by {@link WriterSettings#resendBudgetBytes()}; the rest goes out on the timer.
 */
public final class StatefulWriter {
  private static final Logger log = LoggerFactory.getLogger(StatefulWriter.class);
  /** In a burst, at least every this many samples carry a heartbeat. */
  private static final int MAX_PIGGYBACK_EVERY = 16;

  private final Guid guid;
  private final Qos qos;
  private final WriterSettings settings;
  private final ReentrantLock lock = new ReentrantLock();
  private final WriterHistory history = new WriterHistory();
  private final Map<Guid, ReaderProxy> readers = new LinkedHashMap<>();
  private final Warnings warnings;
  private final DatagramBatch batch;
  private final int historyLimit;
  private final int piggybackEvery;
  private final int fragmentsPerSubmessage;
  private final Runnable onUnacknowledgedDrop;
  private long lastSn;
  private int heartbeatCount;
  private long now;
  private boolean clockStarted;

  public StatefulWriter(Guid guid, Qos qos, WriterSettings settings, Outbox out) {
    this(guid, qos, settings, out, () -> { });
  }

  /**
   * As {@link #StatefulWriter(Guid, Qos, WriterSettings, Outbox)}, running {@code
   * onUnacknowledgedDrop} (quick, under the writer's lock) once per sample a reliable reader is
   * owed and will not get: one it asked for after the history let go of it, or one the byte
   * bound or KEEP_ALL's resource limit let go of before the reader acknowledged it.
   */
  public StatefulWriter(Guid guid, Qos qos, WriterSettings settings, Outbox out, Runnable onUnacknowledgedDrop) {
    this.guid = guid;
    this.onUnacknowledgedDrop = onUnacknowledgedDrop;
    this.qos = qos;
    this.settings = settings;
    this.warnings = new Warnings(log, "writer " + guid);
    this.batch = new DatagramBatch(out, settings.maxDatagramBytes(), warnings);
    this.historyLimit = Math.min(qos.history().depth(), settings.maxSamples());
    this.piggybackEvery = Math.max(1, Math.min(historyLimit / 2, MAX_PIGGYBACK_EVERY));
    this.fragmentsPerSubmessage = Math.max(1,
        Math.min(0xffff, (settings.maxDatagramBytes() - WriterSettings.FRAGMENT_OVERHEAD) / settings.fragmentSize()));
  }

  public Guid guid() {
    return guid;
  }

  public Qos qos() {
    return qos;
  }

  /**
   * Adds a sample to the history and sends it to every matched reader. {@code payload}
   * (encapsulation header then CDR) and {@code inlineQos} are copied; {@code ts} (null for none)
   * goes in INFO_TS.
   *
   * @return the sample's sequence number (the first is 1)
   * @throws IllegalArgumentException when the payload is larger than the history may hold
   */
  public long write(ByteBuffer payload, ParameterList inlineQos, Timestamp ts) {
    return write(Sample.copyOf(payload), inlineQos, ts);
  }

  /**
   * As {@link #write(ByteBuffer, ParameterList, Timestamp)}, keeping the immutable payload as it is
   * (the bytes of a 1 MB image are not copied once more).
   */
  public long write(ByteString payload, ParameterList inlineQos, Timestamp ts) {
    if (payload.size() > settings.maxHistoryBytes()) {
      throw new IllegalArgumentException("a sample of " + payload.size() + " bytes is larger than the history's "
          + settings.maxHistoryBytes() + " bytes");
    }
    int qosBytes = inlineQosBytes(inlineQos);
    if (qosBytes > WriterSettings.FRAGMENT_OVERHEAD / 2) {
      throw new IllegalArgumentException("inline QoS of " + qosBytes + " bytes; at most "
          + WriterSettings.FRAGMENT_OVERHEAD / 2 + " fit beside a fragment");
    }
    WriterHistory.Change change;
    lock.lock();
    try {
      long sn = ++lastSn;
      change = new WriterHistory.Change(sn, payload.asByteBuffer(), Sample.copyOf(inlineQos), ts);
      history.add(change);
      trimHistory();
      for (ReaderProxy p : readers.values()) {
        begin(p);
        if (p.mayNotKnowItsStart()) {
          addStartHeartbeat(p);
        }
        addChange(p, change);
        if (p.reliable && piggybacks(p, sn)) {
          addHeartbeat(p, true, false);
        }
        batch.flush();
      }
      return sn;
    } finally {
      lock.unlock();
    }
  }

  /** Matches a reader; matching one already matched updates its locators. */
  public void addReader(RemoteReader r) {
    lock.lock();
    try {
      ReaderProxy known = readers.get(r.guid());
      if (known != null) {
        known.remote = r;
        return;
      }
      boolean reliable = qos.reliability() == Reliability.RELIABLE && r.qos().reliability() == Reliability.RELIABLE;
      boolean historical = qos.durability().compareTo(Durability.TRANSIENT_LOCAL) >= 0
          && r.qos().durability().compareTo(Durability.TRANSIENT_LOCAL) >= 0;
      long startSn = historical ? history.firstSn(lastSn + 1) : lastSn + 1;
      ReaderProxy p = new ReaderProxy(r, reliable, startSn, !historical);
      readers.put(r.guid(), p);
      begin(p);
      if (reliable) {
        addHeartbeat(p, false);
        p.nextHeartbeatAt = nextHeartbeat();
      } else if (historical) {
        for (WriterHistory.Change c : history.all()) {
          addChange(p, c);
        }
      }
      batch.flush();
    } finally {
      lock.unlock();
    }
  }

  /** Unmatches a reader and forgets its state. */
  public void removeReader(Guid g) {
    lock.lock();
    try {
      if (readers.remove(g) != null) {
        warnings.forget(g.toString());
        trimHistory();
      }
    } finally {
      lock.unlock();
    }
  }

  public int matchedReaders() {
    lock.lock();
    try {
      return readers.size();
    } finally {
      lock.unlock();
    }
  }

  /** True when every matched reliable reader acknowledged every sample written so far. */
  public boolean acknowledgedByAll() {
    lock.lock();
    try {
      for (ReaderProxy p : readers.values()) {
        if (p.reliable && p.ackedBelow <= lastSn) {
          return false;
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Samples in the history now. */
  public int historySize() {
    lock.lock();
    try {
      return history.size();
    } finally {
      lock.unlock();
    }
  }

  /** An ACKNACK from a reader of the participant {@code source}. */
  public void onAckNack(GuidPrefix source, AckNack m) {
    lock.lock();
    try {
      ReaderProxy p = readers.get(new Guid(source, m.readerId()));
      if (p == null || !p.reliable) {
        return;
      }
      if (p.ackNackSeen && m.count() - p.lastAckNackCount <= 0) {
        return; // a repeated or older ACKNACK (DDS-RTPS 8.4.15.7)
      }
      // A final ACKNACK, or any after the first (which may be preemptive), answers a HEARTBEAT.
      p.heardHeartbeat |= p.ackNackSeen || m.isFinal();
      p.ackNackSeen = true;
      p.lastAckNackCount = m.count();
      NumberSet state = m.readerSnState();
      long base = state.base();
      if (base < 0 || base > lastSn + 1) {
        warnings.once(p.remote.guid() + "/acknack", "ACKNACK from {} acknowledges up to {} of {} written; clamped",
            p.remote.guid(), base, lastSn);
        base = Math.max(1, Math.min(base, lastSn + 1));
      }
      p.ackedBelow = Math.max(p.ackedBelow, base);
      p.requested.headSet(p.ackedBelow).clear();
      p.requestedFragments.headMap(p.ackedBelow).clear();
      long ackedBelow = p.ackedBelow;
      state.forEach(sn -> {
        if (sn >= ackedBelow && sn <= lastSn) {
          p.requested.add(sn);
        }
      });
      if (p.hasRequests()) {
        serveRequests(p); // ends with a HEARTBEAT
      } else if (!m.isFinal()) {
        // The reader expects an answer (DDS-RTPS 8.3.7.1), above all to its preemptive ACKNACK:
        // a reader that hears no HEARTBEAT before our first samples may take them for history
        // it need not have (Cyclone DDS acknowledges an incomplete first sample unasked).
        // Final, so that a reader that always clears its final flag cannot ping-pong with us.
        begin(p);
        addHeartbeat(p, true);
        batch.flush();
      }
      trimHistory();
    } finally {
      lock.unlock();
    }
  }

  /** A NACK_FRAG from a reader of the participant {@code source}. */
  public void onNackFrag(GuidPrefix source, NackFrag m) {
    lock.lock();
    try {
      ReaderProxy p = readers.get(new Guid(source, m.readerId()));
      if (p == null || !p.reliable) {
        return;
      }
      if (p.nackFragSeen && m.count() - p.lastNackFragCount <= 0) {
        return;
      }
      p.nackFragSeen = true;
      p.lastNackFragCount = m.count();
      long sn = m.writerSn();
      if (sn < p.ackedBelow || sn > lastSn) {
        return;
      }
      WriterHistory.Change c = history.get(sn);
      if (c == null || c.size() <= settings.fragmentSize()) {
        p.requested.add(sn); // a GAP, or the whole sample
      } else {
        int total = fragmentCount(c);
        TreeSet<Integer> wanted = p.requestedFragments.get(sn);
        if (wanted == null) {
          if (p.requestedFragments.size() >= ReaderProxy.MAX_FRAGMENT_REQUESTS) {
            return; // it will ask again after the next heartbeat
          }
          wanted = new TreeSet<>();
          p.requestedFragments.put(sn, wanted);
        }
        TreeSet<Integer> into = wanted;
        m.fragmentNumberState().forEach(f -> {
          if (f >= 1 && f <= total) {
            into.add((int) f);
          }
        });
        if (wanted.isEmpty()) {
          p.requestedFragments.remove(sn);
        }
      }
      serveRequests(p);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Time passes: periodic HEARTBEATs to reliable readers that have not acknowledged everything,
   * and the resends an ACKNACK asked for beyond the budget of its receive thread. Call it at
   * least every few milliseconds; {@code nowNanos} is any monotonic clock (System.nanoTime).
   */
  public void onTimer(long nowNanos) {
    lock.lock();
    try {
      now = nowNanos;
      clockStarted = true;
      for (ReaderProxy p : readers.values()) {
        if (!p.reliable) {
          continue;
        }
        if (p.hasRequests()) {
          serveRequests(p);
        }
        // Until the reader has answered a HEARTBEAT it may not know where we stand.
        boolean behind = p.ackedBelow <= lastSn || !p.heardHeartbeat;
        if (behind && (p.nextHeartbeatAt == Long.MIN_VALUE || nowNanos - p.nextHeartbeatAt >= 0)) {
          begin(p);
          addHeartbeat(p, false);
          batch.flush();
          p.nextHeartbeatAt = nowNanos + settings.heartbeatPeriod().toNanos();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // --- under the lock ---

  /** When the next periodic HEARTBEAT is due; before the first tick, at the first tick. */
  /**
   * Whether sample {@code sn} carries a final HEARTBEAT to {@code p}: the first since a timer tick,
   * and in a burst every {@code piggybackEvery}-th, so the reader learns early where the history
   * starts (before a KEEP_LAST depth turns over) without a heartbeat to read in every datagram.
   */
  private boolean piggybacks(ReaderProxy p, long sn) {
    if (clockStarted && p.piggybackedAt == now && sn - p.piggybackedSn < piggybackEvery) {
      return false;
    }
    p.piggybackedSn = sn;
    p.piggybackedAt = now;
    return true;
  }

  private long nextHeartbeat() {
    return clockStarted ? now + settings.heartbeatPeriod().toNanos() : Long.MIN_VALUE;
  }

  private void begin(ReaderProxy p) {
    batch.begin(p.remote.guid().prefix(), p.remote.destinations());
  }

  /** Resends what {@code p} asked for, up to the budget, then a HEARTBEAT so that it answers. */
  private void serveRequests(ReaderProxy p) {
    if (!p.hasRequests()) {
      return;
    }
    begin(p);
    long budget = settings.resendBudgetBytes();
    long gapStart = -1;
    long gapEnd = -1;
    while (!p.requested.isEmpty() && budget > 0) {
      long sn = p.requested.pollFirst();
      WriterHistory.Change c = sn < p.startSn ? null : history.get(sn);
      if (c == null) {
        if (sn >= p.startSn) {
          onUnacknowledgedDrop.run(); // owed to this reader, asked for, let go
        }
        if (gapStart >= 0 && sn == gapEnd + 1) {
          gapEnd = sn;
        } else {
          addGap(p, gapStart, gapEnd);
          gapStart = sn;
          gapEnd = sn;
        }
        continue;
      }
      addGap(p, gapStart, gapEnd);
      gapStart = -1;
      p.requestedFragments.remove(sn);
      addChange(p, c);
      budget -= c.size();
    }
    addGap(p, gapStart, gapEnd);
    while (!p.requestedFragments.isEmpty() && budget > 0) {
      var e = p.requestedFragments.firstEntry();
      WriterHistory.Change c = history.get(e.getKey());
      TreeSet<Integer> wanted = e.getValue();
      if (c == null) {
        p.requestedFragments.pollFirstEntry();
        if (e.getKey() >= p.startSn) {
          onUnacknowledgedDrop.run();
        }
        addGap(p, e.getKey(), e.getKey());
        continue;
      }
      while (!wanted.isEmpty() && budget > 0) {
        int first = wanted.pollFirst();
        int last = first;
        while (!wanted.isEmpty() && wanted.first() == last + 1 && last - first + 1 < fragmentsPerSubmessage) {
          last = wanted.pollFirst();
        }
        addFragments(p, c, first, last - first + 1);
        budget -= (long) (last - first + 1) * settings.fragmentSize();
      }
      if (wanted.isEmpty()) {
        p.requestedFragments.pollFirstEntry();
      }
    }
    addHeartbeat(p, false);
    p.nextHeartbeatAt = nextHeartbeat();
    batch.flush();
  }

  private void addGap(ReaderProxy p, long first, long last) {
    if (first < 0) {
      return;
    }
    batch.add(new Gap(p.readerId(), guid.entityId(), first, NumberSet.empty(last + 1)));
  }

  private void addHeartbeat(ReaderProxy p, boolean isFinal) {
    addHeartbeat(p, isFinal, p.mayNotKnowItsStart() && lastSn >= p.startSn);
  }

  /**
   * A HEARTBEAT announcing nothing beyond what a volatile reader must not wait for. Cyclone DDS
   * starts a volatile reader of a writer of another vendor at the last sequence number of the
   * first HEARTBEAT it hears (and drops data until then), so a reader whose first heartbeat from us
   * already names a sample it lost would never ask for it. Until the reader acknowledges its first
   * sample, every datagram with a heartbeat carries this one first.
   */
  private void addStartHeartbeat(ReaderProxy p) {
    batch.add(new Heartbeat(p.readerId(), guid.entityId(), p.startSn, p.startSn - 1, ++heartbeatCount, true, false));
  }

  private void addHeartbeat(ReaderProxy p, boolean isFinal, boolean withStart) {
    if (withStart) {
      addStartHeartbeat(p);
    }
    long first = Math.max(history.firstSn(lastSn + 1), p.startSn);
    batch.add(new Heartbeat(p.readerId(), guid.entityId(), first, lastSn, ++heartbeatCount, isFinal, false));
  }

  private void addChange(ReaderProxy p, WriterHistory.Change c) {
    batch.timestamp(c.timestamp());
    ParameterList inlineQos = c.inlineQos().parameters().isEmpty() ? null : c.inlineQos();
    if (c.size() <= settings.fragmentSize()) {
      batch.add(new Data(p.readerId(), guid.entityId(), c.sn(), inlineQos, c.payload().duplicate(), false));
      return;
    }
    int total = fragmentCount(c);
    for (int start = 1; start <= total; start += fragmentsPerSubmessage) {
      addFragments(p, c, start, Math.min(fragmentsPerSubmessage, total - start + 1));
    }
  }

  private void addFragments(ReaderProxy p, WriterHistory.Change c, int start, int count) {
    int fs = settings.fragmentSize();
    int from = (start - 1) * fs;
    int to = Math.min(c.size(), from + count * fs);
    ByteBuffer slice = c.payload().duplicate();
    slice.position(slice.position() + from).limit(slice.position() + (to - from));
    ParameterList inlineQos = start == 1 && !c.inlineQos().parameters().isEmpty() ? c.inlineQos() : null;
    batch.timestamp(c.timestamp());
    batch.add(new DataFrag(p.readerId(), guid.entityId(), c.sn(), start, count, fs, c.size(), inlineQos, slice));
  }

  private static int inlineQosBytes(ParameterList qos) {
    if (qos == null || qos.parameters().isEmpty()) {
      return 0;
    }
    int bytes = 4;
    for (var p : qos.parameters()) {
      bytes += 4 + ((p.value().remaining() + 3) & ~3);
    }
    return bytes;
  }

  private int fragmentCount(WriterHistory.Change c) {
    return (int) ((c.size() + (long) settings.fragmentSize() - 1) / settings.fragmentSize());
  }

  /** Applies the history's limits, and forgets what a VOLATILE KEEP_ALL writer no longer owes anyone. */
  private void trimHistory() {
    boolean keepAll = qos.history().kind() == History.Kind.KEEP_ALL;
    if (keepAll && qos.durability() == Durability.VOLATILE) {
      long ackedByAll = lastSn + 1;
      for (ReaderProxy p : readers.values()) {
        if (p.reliable) {
          ackedByAll = Math.min(ackedByAll, p.ackedBelow);
        }
      }
      while (history.size() > 0 && history.firstSn(Long.MAX_VALUE) < ackedByAll) {
        history.removeOldest();
      }
    }
    while (history.size() > historyLimit || history.bytes() > settings.maxHistoryBytes()) {
      WriterHistory.Change dropped = history.removeOldest();
      // Past a KEEP_LAST depth, letting go is the QoS at work, and a reader that has not
      // acknowledged the sample may well hold it (acknowledgements follow heartbeats): it counts
      // only if the reader asks for it. Past the byte bound, or with KEEP_ALL, the writer could
      // not keep what it owes: count and warn.
      if (keepAll || history.size() < historyLimit) {
        for (ReaderProxy p : readers.values()) {
          if (p.reliable && p.ackedBelow <= dropped.sn()) {
            onUnacknowledgedDrop.run();
            warnings.once("dropped-unacked",
                "history full ({} samples, {} bytes): dropping samples not acknowledged yet, first {}",
                history.size() + 1, history.bytes() + dropped.size(), dropped.sn());
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "StatefulWriter[" + guid + "]";
  }
}
