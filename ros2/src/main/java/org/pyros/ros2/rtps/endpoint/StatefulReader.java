package org.pyros.ros2.rtps.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.pyros.ros2.rtps.qos.Durability;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.NumberSet;
import org.pyros.ros2.rtps.wire.ReceiveContext;
import org.pyros.ros2.rtps.wire.Submessage.AckNack;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Submessage.DataFrag;
import org.pyros.ros2.rtps.wire.Submessage.Gap;
import org.pyros.ros2.rtps.wire.Submessage.Heartbeat;
import org.pyros.ros2.rtps.wire.Submessage.HeartbeatFrag;
import org.pyros.ros2.rtps.wire.Submessage.NackFrag;
import org.pyros.ros2.rtps.wire.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RTPS reader that keeps state per matched writer (DDS-RTPS 8.4.10, 8.4.12).
 *
 * <p>Reliable (with a reliable writer): delivers each sample once, in order per writer; holds
 * samples that arrive early (up to {@link ReaderSettings#maxHeldSamples()} and
 * {@link ReaderSettings#maxHeldBytes()}); answers a HEARTBEAT with an ACKNACK after
 * {@link ReaderSettings#ackNackDelay()} (a final HEARTBEAT only when something is missing) and
 * with NACK_FRAGs for the missing fragments of samples the writer has; GAPs and a HEARTBEAT's
 * firstSn mark numbers that will not come. Best effort: delivers what arrives in order, dropping
 * anything not newer than the last delivered.
 *
 * <p>Fragmented samples are reassembled per writer within {@link ReaderSettings#maxSampleBytes()}
 * and {@link ReaderSettings#maxReassemblyBytes()}, checked before anything is allocated. A sample
 * claiming more than the largest accepted is skipped (logged once per writer); fragments whose
 * geometry contradicts the sample's (another sample or fragment size, fragments beyond its end)
 * drop that sample (logged once per writer); retransmitted fragments are duplicates and ignored.
 *
 * <p>Threads: {@code on*} from receive threads and {@code onTimer} from the timer thread,
 * concurrently. One lock guards the state; the listener is called without it, by one thread at a
 * time, in the order samples were released. Input from writers not matched is ignored.
 */
public final class StatefulReader {
  private static final Logger log = LoggerFactory.getLogger(StatefulReader.class);
  /** NACK_FRAGs sent with one ACKNACK at most. */
  private static final int MAX_NACK_FRAGS = 8;

  private final Guid guid;
  private final Qos qos;
  private final ReaderSettings settings;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Guid, WriterProxy> writers = new LinkedHashMap<>();
  private final Warnings warnings;
  private final DatagramBatch batch;
  private final DeliveryQueue deliveries;
  private long now;
  private boolean clockStarted;

  public StatefulReader(Guid guid, Qos qos, ReaderSettings settings, Outbox out, SampleListener listener) {
    this.guid = guid;
    this.qos = qos;
    this.settings = settings;
    this.warnings = new Warnings(log, "reader " + guid);
    this.batch = new DatagramBatch(out, settings.maxDatagramBytes(), warnings);
    this.deliveries = new DeliveryQueue(listener, log);
  }

  public Guid guid() {
    return guid;
  }

  public Qos qos() {
    return qos;
  }

  /** Matches a writer; matching one already matched updates its locators. */
  public void addWriter(RemoteWriter w) {
    lock.lock();
    try {
      WriterProxy known = writers.get(w.guid());
      if (known != null) {
        known.remote = w;
        return;
      }
      boolean reliable = qos.reliability() == Reliability.RELIABLE && w.qos().reliability() == Reliability.RELIABLE;
      boolean startAtNewest = reliable && qos.durability() == Durability.VOLATILE
          && w.qos().durability().compareTo(Durability.TRANSIENT_LOCAL) >= 0;
      WriterProxy p = new WriterProxy(w, reliable, startAtNewest);
      writers.put(w.guid(), p);
      if (reliable) {
        // A preemptive ACKNACK, as Cyclone and Fast DDS send: the writer answers with a HEARTBEAT.
        batch.begin(w.guid().prefix(), w.destinations());
        batch.add(new AckNack(guid.entityId(), w.guid().entityId(), NumberSet.empty(p.nextExpected),
            ++p.ackNackCount, false));
        batch.flush();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Unmatches a writer and frees what the reader held for it. */
  public void removeWriter(Guid g) {
    lock.lock();
    try {
      if (writers.remove(g) != null) {
        warnings.forget(g.toString());
      }
    } finally {
      lock.unlock();
    }
  }

  public int matchedWriters() {
    lock.lock();
    try {
      return writers.size();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes held for {@code writer} now (early samples and reassembly), for tests and monitoring; -1 when not matched. */
  public long bytesHeldFor(Guid writer) {
    lock.lock();
    try {
      WriterProxy p = writers.get(writer);
      return p == null ? -1 : p.heldBytes + p.reassemblyBytes;
    } finally {
      lock.unlock();
    }
  }

  public void onData(ReceiveContext c, Data m) {
    List<Sample> released = new ArrayList<>(1);
    lock.lock();
    try {
      WriterProxy p = proxy(c, m.readerId(), m.writerId());
      if (p == null || m.writerSn() < 1) {
        return;
      }
      if (m.writerSn() < p.nextExpected || (p.reliable && p.isHeld(m.writerSn()))) {
        return; // delivered, held or older than the last delivered: not worth a copy
      }
      WriterProxy.Held h;
      if (m.payload() == null || m.keyOnly()) {
        h = new WriterProxy.Held(null, m.writerSn() + 1); // a dispose or unregister: nothing to deliver
      } else {
        h = new WriterProxy.Held(new Sample(p.remote.guid(), m.writerSn(), timestamp(c), Sample.copyOf(m.inlineQos()),
            Sample.copyOf(m.payload())), m.writerSn() + 1);
      }
      receive(p, m.writerSn(), h, released);
      deliveries.append(released);
    } finally {
      lock.unlock();
    }
    deliveries.drain();
  }

  public void onDataFrag(ReceiveContext c, DataFrag m) {
    List<Sample> released = new ArrayList<>(1);
    lock.lock();
    try {
      WriterProxy p = proxy(c, m.readerId(), m.writerId());
      long sn = m.writerSn();
      if (p == null || sn < 1 || sn < p.nextExpected || (p.reliable && p.isHeld(sn))) {
        return;
      }
      String who = p.remote.guid().toString();
      String error = Reassembly.geometryError(m);
      Reassembly r = p.reassemblies.get(sn);
      if (error != null) {
        warnings.once(who + "/fragment", "DATA_FRAG {} of {} dropped: {}", sn, who, error);
        if (r != null) {
          p.removeReassembly(sn);
        }
        return;
      }
      if (r == null) {
        r = startReassembly(p, m, released);
        if (r == null) {
          deliveries.append(released);
          return;
        }
      }
      if (r.timestamp == null) {
        r.timestamp = timestamp(c);
      }
      switch (r.add(m)) {
        case INCONSISTENT -> {
          warnings.once(who + "/fragment", "sample {} of {} dropped: its fragments disagree on sample or fragment size",
              sn, who);
          p.removeReassembly(sn);
        }
        case COMPLETE -> {
          p.removeReassembly(sn);
          Sample s = new Sample(p.remote.guid(), sn, r.timestamp, r.inlineQos, r.payload());
          receive(p, sn, new WriterProxy.Held(s, sn + 1), released);
          if (!p.reliable) {
            // A best-effort reader cannot deliver older samples any more.
            while (!p.reassemblies.isEmpty() && p.reassemblies.firstKey() < sn) {
              p.removeReassembly(p.reassemblies.firstKey());
            }
          }
        }
        default -> {
          // ADDED or DUPLICATE: more to come
        }
      }
      deliveries.append(released);
    } finally {
      lock.unlock();
    }
    deliveries.drain();
  }

  public void onHeartbeat(ReceiveContext c, Heartbeat m) {
    List<Sample> released = new ArrayList<>();
    lock.lock();
    try {
      WriterProxy p = proxy(c, m.readerId(), m.writerId());
      if (p == null || !p.reliable) {
        return;
      }
      if (m.firstSn() < 1 || m.lastSn() < m.firstSn() - 1) {
        warnings.once(p.remote.guid() + "/heartbeat", "HEARTBEAT from {} with first {} and last {} ignored",
            p.remote.guid(), m.firstSn(), m.lastSn());
        return;
      }
      if (p.heartbeatSeen && m.count() - p.lastHeartbeatCount <= 0) {
        return;
      }
      p.heartbeatSeen = true;
      p.lastHeartbeatCount = m.count();
      p.highestAvailable = Math.max(p.highestAvailable, m.lastSn());
      if (!p.started) {
        p.started = true;
        p.nextExpected = Math.max(p.nextExpected, m.lastSn() + 1);
        p.dropBelowNext();
      }
      if (m.firstSn() > p.nextExpected) {
        skipTo(p, m.firstSn(), released);
      }
      drain(p, released);
      if (!m.isFinal() || hasMissing(p) || wantsFragments(p)) {
        requestAckNack(p);
      }
      deliveries.append(released);
    } finally {
      lock.unlock();
    }
    deliveries.drain();
  }

  public void onHeartbeatFrag(ReceiveContext c, HeartbeatFrag m) {
    lock.lock();
    try {
      WriterProxy p = proxy(c, m.readerId(), m.writerId());
      if (p == null || !p.reliable) {
        return;
      }
      if (p.heartbeatFragSeen && m.count() - p.lastHeartbeatFragCount <= 0) {
        return;
      }
      p.heartbeatFragSeen = true;
      p.lastHeartbeatFragCount = m.count();
      Reassembly r = p.reassemblies.get(m.writerSn());
      if (r != null) {
        r.announcedFragments = Math.max(r.announcedFragments, m.lastFragment());
        requestAckNack(p);
      }
    } finally {
      lock.unlock();
    }
  }

  public void onGap(ReceiveContext c, Gap m) {
    List<Sample> released = new ArrayList<>();
    lock.lock();
    try {
      WriterProxy p = proxy(c, m.readerId(), m.writerId());
      if (p == null || !p.reliable) {
        return;
      }
      long start = m.gapStart();
      long base = m.gapList().base();
      if (start < 1 || base < start) {
        warnings.once(p.remote.guid() + "/gap", "GAP from {} from {} to {} ignored", p.remote.guid(), start, base);
        return;
      }
      p.started = true;
      irrelevant(p, start, base);
      m.gapList().forEach(sn -> irrelevant(p, sn, sn + 1));
      drain(p, released);
      deliveries.append(released);
    } finally {
      lock.unlock();
    }
    deliveries.drain();
  }

  /** Time passes: sends the ACKNACKs (and NACK_FRAGs) that came due. {@code nowNanos}: System.nanoTime or any monotonic clock. */
  public void onTimer(long nowNanos) {
    lock.lock();
    try {
      now = nowNanos;
      clockStarted = true;
      for (WriterProxy p : writers.values()) {
        if (p.ackNackDue && (p.ackNackDueAt == Long.MIN_VALUE || nowNanos - p.ackNackDueAt >= 0)) {
          sendAckNack(p);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // --- under the lock ---

  private WriterProxy proxy(ReceiveContext c, EntityId readerId, EntityId writerId) {
    if (!readerId.equals(EntityId.UNKNOWN) && !readerId.equals(guid.entityId())) {
      return null;
    }
    return writers.get(new Guid(c.source(), writerId));
  }

  private static Timestamp timestamp(ReceiveContext c) {
    Timestamp t = c.timestamp();
    return t == null || t.equals(Timestamp.INVALID) ? null : t;
  }

  /** Takes a sample (or an irrelevant number) at {@code sn}: delivers, holds or drops it. */
  private void receive(WriterProxy p, long sn, WriterProxy.Held h, List<Sample> released) {
    if (!p.started) {
      p.started = true;
      p.nextExpected = Math.max(p.nextExpected, sn);
    }
    if (!p.reliable) {
      if (sn >= p.nextExpected) {
        if (h.sample() != null) {
          released.add(h.sample());
        }
        p.nextExpected = sn + 1;
      }
      return;
    }
    if (sn < p.nextExpected) {
      return; // delivered already
    }
    if (sn == p.nextExpected) {
      if (h.sample() != null) {
        released.add(h.sample());
      }
      p.nextExpected = h.end();
      drain(p, released);
      return;
    }
    hold(p, sn, h);
  }

  private void hold(WriterProxy p, long sn, WriterProxy.Held h) {
    if (p.held.containsKey(sn)) {
      return;
    }
    while (p.held.size() >= settings.maxHeldSamples() || p.heldBytes + h.bytes() > settings.maxHeldBytes()) {
      if (p.held.isEmpty() || p.held.lastKey() < sn) {
        if (p.overflowAckAt != p.nextExpected) {
          // No room: tell the writer what is missing first, once per position (not per sample dropped).
          p.overflowAckAt = p.nextExpected;
          requestAckNack(p);
        }
        return;
      }
      p.removeHeld(p.held.lastEntry()); // make room for the nearer one
    }
    p.putHeld(sn, h);
  }

  /** Numbers {@code [from, to)} will not come. */
  private void irrelevant(WriterProxy p, long from, long to) {
    if (to <= p.nextExpected) {
      return;
    }
    if (from <= p.nextExpected) {
      p.nextExpected = to;
      p.dropBelowNext();
    } else {
      hold(p, from, new WriterProxy.Held(null, to));
    }
  }

  /** The writer no longer has numbers below {@code firstSn}: deliver what is held of them, skip the rest. */
  private void skipTo(WriterProxy p, long firstSn, List<Sample> released) {
    while (!p.held.isEmpty() && p.held.firstKey() < firstSn) {
      Map.Entry<Long, WriterProxy.Held> e = p.held.firstEntry();
      p.removeHeld(e);
      if (e.getKey() >= p.nextExpected && e.getValue().sample() != null) {
        released.add(e.getValue().sample());
      }
      p.nextExpected = Math.max(p.nextExpected, Math.max(e.getKey() + 1, e.getValue().end()));
    }
    p.nextExpected = Math.max(p.nextExpected, firstSn);
    p.dropBelowNext();
  }

  /** Releases held entries that became next in line. */
  private void drain(WriterProxy p, List<Sample> released) {
    while (!p.held.isEmpty() && p.held.firstKey() <= p.nextExpected) {
      Map.Entry<Long, WriterProxy.Held> e = p.held.firstEntry();
      p.removeHeld(e);
      if (e.getKey() == p.nextExpected && e.getValue().sample() != null) {
        released.add(e.getValue().sample());
      }
      p.nextExpected = Math.max(p.nextExpected, e.getValue().end());
    }
    p.dropBelowNext();
  }

  private Reassembly startReassembly(WriterProxy p, DataFrag m, List<Sample> released) {
    long sn = m.writerSn();
    long size = m.sampleSize() & 0xffffffffL;
    String who = p.remote.guid().toString();
    long cost = Reassembly.cost(size, m.fragmentSize());
    if (size > settings.maxSampleBytes() || cost > settings.maxReassemblyBytes()) {
      warnings.once(who + "/too-large", "sample {} of {} skipped: {} bytes, more than the {} accepted", sn, who, size,
          Math.min(settings.maxSampleBytes(), settings.maxReassemblyBytes()));
      // It will never be accepted: a reliable reader moves past it rather than ask for it forever.
      receive(p, sn, new WriterProxy.Held(null, sn + 1), released);
      return null;
    }
    while (p.reassemblyBytes + cost > settings.maxReassemblyBytes()) {
      // Reliable: keep the oldest, needed first. Best effort: keep the newest.
      long victim = p.reliable ? p.reassemblies.lastKey() : p.reassemblies.firstKey();
      if (p.reliable && victim < sn) {
        return null; // asked for again once the older ones are done
      }
      warnings.once(who + "/reassembly-full", "reassembly for {} full: dropping sample {}", who, victim);
      p.removeReassembly(victim);
    }
    Reassembly r = Reassembly.start(sn, (int) size, m.fragmentSize());
    p.reassemblies.put(sn, r);
    p.reassemblyBytes += r.cost();
    return r;
  }

  private boolean hasMissing(WriterProxy p) {
    return !missing(p).isEmpty();
  }

  private boolean wantsFragments(WriterProxy p) {
    for (Reassembly r : p.reassemblies.values()) {
      if (missingFragments(p, r) != null) {
        return true;
      }
    }
    return false;
  }

  /** The numbers the writer has and the reader lacks, from the next expected one (at most 256). */
  private NumberSet missing(WriterProxy p) {
    long base = p.nextExpected;
    long last = Math.min(p.highestAvailable, base + NumberSet.MAX_BITS - 1);
    int numBits = 0;
    int[] words = new int[NumberSet.MAX_BITS / 32];
    for (long sn = base; sn <= last; sn++) {
      if (!p.isHeld(sn) && !p.reassemblies.containsKey(sn)) {
        int bit = (int) (sn - base);
        words[bit / 32] |= 1 << (31 - bit % 32);
        numBits = bit + 1;
      }
    }
    return new NumberSet(base, numBits, java.util.Arrays.copyOf(words, (numBits + 31) / 32));
  }

  /** The fragments of {@code r} the writer announced (HEARTBEAT or HEARTBEAT_FRAG) and the reader lacks. */
  private static NumberSet missingFragments(WriterProxy p, Reassembly r) {
    int available = r.sn <= p.highestAvailable ? r.fragmentCount : r.announcedFragments;
    NumberSet missing = available > 0 ? r.missing(available) : null;
    return missing == null || missing.isEmpty() ? null : missing;
  }

  private void requestAckNack(WriterProxy p) {
    if (settings.ackNackDelay().isZero()) {
      sendAckNack(p);
    } else if (!p.ackNackDue) {
      p.ackNackDue = true;
      // Before the first tick the reader has no clock: due at the first tick.
      p.ackNackDueAt = clockStarted ? now + settings.ackNackDelay().toNanos() : Long.MIN_VALUE;
    }
  }

  private void sendAckNack(WriterProxy p) {
    p.ackNackDue = false;
    EntityId writerId = p.remote.guid().entityId();
    batch.begin(p.remote.guid().prefix(), p.remote.destinations());
    NumberSet missing = missing(p);
    batch.add(new AckNack(guid.entityId(), writerId, missing, ++p.ackNackCount, missing.isEmpty()));
    int nackFrags = 0;
    for (Reassembly r : p.reassemblies.values()) {
      if (nackFrags == MAX_NACK_FRAGS) {
        break;
      }
      NumberSet fragments = missingFragments(p, r);
      if (fragments != null) {
        batch.add(new NackFrag(guid.entityId(), writerId, r.sn, fragments, ++p.nackFragCount));
        nackFrags++;
      }
    }
    batch.flush();
  }

  @Override
  public String toString() {
    return "StatefulReader[" + guid + "]";
  }
}
