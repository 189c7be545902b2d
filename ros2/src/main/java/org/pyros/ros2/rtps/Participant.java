package org.pyros.ros2.rtps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.pyros.core.system.Registration;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.discovery.ParticipantData;
import org.pyros.ros2.rtps.discovery.RemoteParticipants;
import org.pyros.ros2.rtps.discovery.Sedp;
import org.pyros.ros2.rtps.discovery.Spdp;
import org.pyros.ros2.rtps.endpoint.Outbox;
import org.pyros.ros2.rtps.endpoint.RemoteReader;
import org.pyros.ros2.rtps.endpoint.RemoteWriter;
import org.pyros.ros2.rtps.endpoint.SampleListener;
import org.pyros.ros2.rtps.endpoint.StatefulReader;
import org.pyros.ros2.rtps.endpoint.StatefulWriter;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.transport.DatagramHandler;
import org.pyros.ros2.rtps.transport.PortMapping;
import org.pyros.ros2.rtps.transport.TransportSettings;
import org.pyros.ros2.rtps.transport.UdpTransport;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Header;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.MessageReader;
import org.pyros.ros2.rtps.wire.ParsedMessage;
import org.pyros.ros2.rtps.wire.ReceiveContext;
import org.pyros.ros2.rtps.wire.Received;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.rtps.wire.Submessage;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DDS domain participant: its sockets, SPDP and SEDP, the writers and readers it creates, and
 * the one timer thread that drives announcements, lease checks and the endpoints' timers.
 * Received submessages are dispatched on the receive threads to the endpoints they name.
 */
public final class Participant implements AutoCloseable {
  /** How often the endpoints' timers run (heartbeats, delayed ACKNACKs, retransmissions). */
  static final long ENDPOINT_TICK_MILLIS = 10;
  /** Announcements right after start, this far apart, before the periodic ones. */
  static final int INITIAL_ANNOUNCEMENTS = 5;
  static final long INITIAL_ANNOUNCEMENT_MILLIS = 100;
  /** When a newcomer hears from us again after the immediate answer. */
  static final long[] ANSWER_AGAIN_MILLIS = {100, 500};
  /** How often leases are checked. */
  static final long LEASE_CHECK_MILLIS = 200;
  /** At most this many remote participants and endpoints are kept (bounded memory). */
  static final int MAX_REMOTE_PARTICIPANTS = 1000;
  static final int MAX_REMOTE_ENDPOINTS = 100_000;

  /** The built-in endpoints Pyros has: SPDP and the four of SEDP. */
  static final int BUILTIN_ENDPOINTS = ParticipantData.PARTICIPANT_ANNOUNCER | ParticipantData.PARTICIPANT_DETECTOR
      | ParticipantData.PUBLICATIONS_ANNOUNCER | ParticipantData.PUBLICATIONS_DETECTOR
      | ParticipantData.SUBSCRIPTIONS_ANNOUNCER | ParticipantData.SUBSCRIPTIONS_DETECTOR;

  private static final Logger log = LoggerFactory.getLogger(Participant.class);

  private final ParticipantSettings settings;
  private final GuidPrefix prefix;
  private final UdpTransport transport;
  private final ScheduledExecutorService timer;
  private final Spdp spdp;
  private final Sedp sedp;
  private final Outbox outbox;
  private final AtomicInteger nextEntityKey = new AtomicInteger();
  private final AtomicLong malformed = new AtomicLong();
  private final DiscoveryEvents events = new DiscoveryEvents();

  /** Guards the discovery state below; endpoint methods are called under it, user code never. */
  private final Object lock = new Object();
  private final RemoteParticipants participants = new RemoteParticipants(MAX_REMOTE_PARTICIPANTS);
  private final Map<Guid, EndpointData> remoteWriters = new HashMap<>();
  private final Map<Guid, EndpointData> remoteReaders = new HashMap<>();
  private final Map<EntityId, UserWriter> userWriters = new HashMap<>();
  private final Map<EntityId, UserReader> userReaders = new HashMap<>();

  /** Every endpoint by entity id (built-in and user), for dispatch without the lock. */
  private final Map<EntityId, StatefulWriter> writersById = new ConcurrentHashMap<>();
  private final Map<EntityId, StatefulReader> readersById = new ConcurrentHashMap<>();
  /** The local readers matched with a remote writer: where DATA to ENTITYID_UNKNOWN goes. */
  private final Map<Guid, Set<EntityId>> readersOfWriter = new ConcurrentHashMap<>();

  private volatile ParticipantData self;
  private volatile boolean closed;

  private Participant(ParticipantSettings settings, GuidPrefix prefix, UdpTransport transport) {
    this.settings = settings;
    this.prefix = prefix;
    this.transport = transport;
    this.spdp = new Spdp(prefix);
    this.outbox = new Outbox() {
      @Override
      public void send(List<Locator> to, ByteBuffer datagram) {
        transport.send(to, datagram);
      }

      @Override
      public GuidPrefix localPrefix() {
        return prefix;
      }
    };
    this.sedp = new Sedp(prefix, settings.writer(), settings.reader(), outbox, this::onSedp);
    for (StatefulWriter w : sedp.writers()) {
      writersById.put(w.guid().entityId(), w);
    }
    for (StatefulReader r : sedp.readers()) {
      readersById.put(r.guid().entityId(), r);
    }
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "rtps-timer-d" + settings.domainId() + "-p" + transport.participantIndex());
      thread.setDaemon(true);
      return thread;
    });
    // shutdown() then drops what is scheduled, without interrupting what runs (see close()).
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer = t;
  }

  /**
   * Binds the sockets, starts announcing and discovering.
   *
   * @throws UncheckedIOException when the sockets cannot be bound
   */
  public static Participant start(ParticipantSettings settings) {
    GuidPrefix prefix = GuidPrefixes.next();
    // The receive threads start with the sockets, before the participant exists: until it does they drop.
    AtomicReference<Participant> holder = new AtomicReference<>();
    DatagramHandler handler = (b, from) -> {
      Participant p = holder.get();
      if (p != null) {
        p.onDatagram(b, from);
      }
    };
    UdpTransport transport;
    try {
      transport = UdpTransport.open(new TransportSettings(settings.domainId(), settings.participantIndex(),
          settings.maxPeerIndex(), settings.bindAddress(), settings.multicast(), PortMapping.DEFAULT), handler, handler);
    } catch (IOException e) {
      throw new UncheckedIOException("participant in domain " + settings.domainId() + " could not bind", e);
    }
    Participant p;
    try {
      p = new Participant(settings, prefix, transport);
      p.self = p.describeSelf();
    } catch (RuntimeException | Error e) {
      transport.close();
      throw e;
    }
    holder.set(p);
    // A few announcements in quick succession first, as Fast DDS does: one may come too early for a peer.
    for (int i = 0; i < INITIAL_ANNOUNCEMENTS; i++) {
      p.timer.schedule(p::announce, i * INITIAL_ANNOUNCEMENT_MILLIS, TimeUnit.MILLISECONDS);
    }
    long period = settings.announcePeriod().toMillis();
    p.timer.scheduleAtFixedRate(p::announce, period, period, TimeUnit.MILLISECONDS);
    p.timer.scheduleAtFixedRate(p::checkLeases, LEASE_CHECK_MILLIS, LEASE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    p.timer.scheduleAtFixedRate(p::tickEndpoints, ENDPOINT_TICK_MILLIS, ENDPOINT_TICK_MILLIS, TimeUnit.MILLISECONDS);
    log.info("participant {} in domain {}, index {}: metatraffic {}, user {}", prefix, settings.domainId(),
        transport.participantIndex(), transport.metatrafficUnicastLocator(), transport.userUnicastLocator());
    return p;
  }

  private ParticipantData describeSelf() {
    List<Locator> mc = transport.metatrafficMulticastLocator().map(List::of).orElse(List.of());
    return new ParticipantData(prefix, Header.PYROS_VENDOR_ID, Header.MINOR, settings.domainId(),
        List.of(transport.metatrafficUnicastLocator()), mc, List.of(transport.userUnicastLocator()), List.of(),
        BUILTIN_ENDPOINTS, settings.leaseDuration(), ParticipantData.enclaveUserData(settings.enclave()), "");
  }

  public GuidPrefix guidPrefix() {
    return prefix;
  }

  public int participantIndex() {
    return transport.participantIndex();
  }

  public int domainId() {
    return settings.domainId();
  }

  /** What this participant announces. */
  public ParticipantData description() {
    return self;
  }

  /** Datagrams that could not be read at all or in part, since start. */
  public long malformedDatagrams() {
    return malformed.get() + transport.droppedDatagrams();
  }

  /** Datagrams received on the SPDP multicast socket since start (0 without one). */
  public long multicastDatagrams() {
    return transport.receivedMulticastDatagrams();
  }

  // ---------------------------------------------------------------- receive

  private void onDatagram(ByteBuffer datagram, InetSocketAddress from) {
    if (closed) {
      return;
    }
    ParsedMessage m;
    try {
      m = MessageReader.parse(datagram);
    } catch (RtpsFormatException e) {
      malformed.incrementAndGet();
      log.debug("not RTPS from {}: {}", from, e.getMessage());
      return;
    }
    if (m.error() != null) {
      malformed.incrementAndGet();
      log.debug("RTPS message from {} cut short: {}", from, m.error());
    }
    for (Received r : m.submessages()) {
      ReceiveContext c = r.context();
      if (!c.isFor(prefix)) {
        continue; // INFO_DST named another participant
      }
      try {
        dispatch(c, r.submessage());
      } catch (RtpsFormatException e) {
        malformed.incrementAndGet();
        log.debug("submessage from {} refused: {}", c.source(), e.getMessage());
      }
    }
  }

  private void dispatch(ReceiveContext c, Submessage s) {
    if (s instanceof Data d) {
      if (d.writerId().equals(EntityId.SPDP_WRITER)) {
        onSpdp(c, d);
      } else {
        if (isSedpWriter(d.writerId()) && (d.keyOnly() || d.payload() == null)) {
          // Peers send an endpoint's dispose as a key without data, which readers do not deliver.
          Sedp.disposal(c.source(), d).ifPresent(this::onSedp);
        }
        forReaders(c.source(), d.readerId(), d.writerId(), r -> r.onData(c, d));
      }
    } else if (s instanceof Submessage.DataFrag d) {
      forReaders(c.source(), d.readerId(), d.writerId(), r -> r.onDataFrag(c, d));
    } else if (s instanceof Submessage.Heartbeat h) {
      forReaders(c.source(), h.readerId(), h.writerId(), r -> r.onHeartbeat(c, h));
    } else if (s instanceof Submessage.HeartbeatFrag h) {
      forReaders(c.source(), h.readerId(), h.writerId(), r -> r.onHeartbeatFrag(c, h));
    } else if (s instanceof Submessage.Gap g) {
      forReaders(c.source(), g.readerId(), g.writerId(), r -> r.onGap(c, g));
    } else if (s instanceof Submessage.AckNack a) {
      StatefulWriter w = writersById.get(a.writerId());
      if (w != null) {
        w.onAckNack(c.source(), a);
      }
    } else if (s instanceof Submessage.NackFrag n) {
      StatefulWriter w = writersById.get(n.writerId());
      if (w != null) {
        w.onNackFrag(c.source(), n);
      }
    }
    // INFO_* are folded into the context already; PAD carries nothing.
  }

  private static boolean isSedpWriter(EntityId id) {
    return id.equals(EntityId.SEDP_PUBLICATIONS_WRITER) || id.equals(EntityId.SEDP_SUBSCRIPTIONS_WRITER);
  }

  private void forReaders(GuidPrefix source, EntityId readerId, EntityId writerId, Consumer<StatefulReader> action) {
    if (!readerId.equals(EntityId.UNKNOWN)) {
      StatefulReader r = readersById.get(readerId);
      if (r != null) {
        action.accept(r);
      }
      return;
    }
    if (isSedpWriter(writerId)) {
      // A built-in writer talking to every reader: the one built-in reader that pairs with it.
      EntityId builtin = writerId.equals(EntityId.SEDP_PUBLICATIONS_WRITER) ? EntityId.SEDP_PUBLICATIONS_READER
          : EntityId.SEDP_SUBSCRIPTIONS_READER;
      action.accept(readersById.get(builtin));
      return;
    }
    Set<EntityId> ids = readersOfWriter.get(new Guid(source, writerId));
    if (ids != null) {
      for (EntityId id : ids) {
        StatefulReader r = readersById.get(id);
        if (r != null) {
          action.accept(r);
        }
      }
    }
  }

  // ---------------------------------------------------------------- SPDP

  private void announce() {
    if (closed) {
      return;
    }
    try {
      ByteBuffer d = spdp.announcement(self);
      for (InetSocketAddress to : settings.announceTargets()) {
        transport.send(to, d);
      }
      transport.metatrafficMulticastLocator().ifPresent(l -> transport.send(List.of(l), d));
    } catch (RuntimeException e) {
      log.warn("SPDP announcement failed", e);
    }
  }

  private void onSpdp(ReceiveContext c, Data d) {
    Optional<Spdp.Event> event = Spdp.read(c, d);
    if (event.isEmpty()) {
      return;
    }
    List<Consumer<DiscoveryListener>> events = new ArrayList<>();
    List<Locator> answerTo = List.of();
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (event.get() instanceof Spdp.Event.Alive a) {
        answerTo = onParticipantAlive(a.participant(), events);
      } else if (event.get() instanceof Spdp.Event.Gone g) {
        removeParticipant(g.participant(), "disposed", events);
      }
      this.events.queue(events);
    }
    if (!answerTo.isEmpty()) {
      answerNewcomer(answerTo);
    }
    this.events.deliver();
  }

  /**
   * Under the lock: a participant announced itself. Its PID_DOMAIN_ID is not compared with ours:
   * the port mapping already keeps domains apart, and a peer configured with another port base
   * (the Fast DDS test peers) still meets us. Returns where to answer a newcomer.
   */
  private List<Locator> onParticipantAlive(ParticipantData p, List<Consumer<DiscoveryListener>> events) {
    if (p.prefix().equals(prefix)) {
      return List.of(); // our own announcement, heard on our own port
    }
    switch (participants.heard(p, System.nanoTime())) {
      case NEW -> {
        log.debug("participant {} discovered (vendor {}), metatraffic {}", p.prefix(),
            String.format("%04x", p.vendorId()), p.metatrafficUnicast());
        sedp.match(p);
        events.add(l -> l.participantDiscovered(p));
        return p.metatrafficUnicast();
      }
      case CHANGED -> {
        sedp.match(p); // its locators may have changed
        events.add(l -> l.participantDiscovered(p));
      }
      case REFUSED -> log.warn("participant {} ignored: {} participants known already", p.prefix(),
          MAX_REMOTE_PARTICIPANTS);
      case REFRESHED -> {
        // the lease starts again; nothing else changed
      }
    }
    return List.of();
  }

  /**
   * Answers a newcomer at once, which saves it waiting for our next periodic announcement, and
   * twice more shortly after, in case the first answer reached it before it was ready for it.
   */
  private void answerNewcomer(List<Locator> to) {
    transport.send(to, spdp.announcement(self));
    for (long delay : ANSWER_AGAIN_MILLIS) {
      try {
        timer.schedule(() -> {
          if (!closed) {
            transport.send(to, spdp.announcement(self));
          }
        }, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        return; // closing
      }
    }
  }

  private void checkLeases() {
    List<Consumer<DiscoveryListener>> events = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (ParticipantData p : participants.expire(System.nanoTime())) {
        log.debug("participant {} lost: lease of {} expired", p.prefix(), p.leaseDuration());
        forgetParticipant(p.prefix(), "lease expired", events);
      }
      this.events.queue(events);
    }
    this.events.deliver();
  }

  /** Under the lock. */
  private void removeParticipant(GuidPrefix remote, String reason, List<Consumer<DiscoveryListener>> events) {
    if (participants.remove(remote).isPresent()) {
      log.debug("participant {} lost: {}", remote, reason);
      forgetParticipant(remote, reason, events);
    }
  }

  /** Under the lock: the participant is no longer in the table; drop its endpoints and SEDP matches. */
  private void forgetParticipant(GuidPrefix remote, String reason, List<Consumer<DiscoveryListener>> events) {
    sedp.unmatch(remote);
    for (Guid g : new ArrayList<>(remoteWriters.keySet())) {
      if (g.prefix().equals(remote)) {
        removeRemoteEndpoint(g, events);
      }
    }
    for (Guid g : new ArrayList<>(remoteReaders.keySet())) {
      if (g.prefix().equals(remote)) {
        removeRemoteEndpoint(g, events);
      }
    }
    events.add(l -> l.participantLost(remote, reason));
  }

  // ---------------------------------------------------------------- SEDP

  private void onSedp(Sedp.Event event) {
    List<Consumer<DiscoveryListener>> events = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (event instanceof Sedp.Event.Alive a) {
        onRemoteEndpoint(a.endpoint(), events);
      } else if (event instanceof Sedp.Event.Gone g) {
        removeRemoteEndpoint(g.endpoint(), events);
      } else if (event instanceof Sedp.Event.Malformed m) {
        malformed.incrementAndGet();
        log.debug("SEDP sample from {} refused: {}", m.writer(), m.reason());
      }
      this.events.queue(events);
    }
    this.events.deliver();
  }

  /** Under the lock. */
  private void onRemoteEndpoint(EndpointData e, List<Consumer<DiscoveryListener>> events) {
    Guid g = e.guid();
    if (g.prefix().equals(prefix) || participants.get(g.prefix()).isEmpty()) {
      return; // ours, or of a participant we do not know (yet, or any more)
    }
    Map<Guid, EndpointData> table = g.entityId().isWriter() ? remoteWriters : remoteReaders;
    EndpointData old = table.get(g);
    if (e.equals(old)) {
      return;
    }
    if (old == null && remoteWriters.size() + remoteReaders.size() >= MAX_REMOTE_ENDPOINTS) {
      log.warn("endpoint {} ignored: {} endpoints known already", g, MAX_REMOTE_ENDPOINTS);
      return;
    }
    if (old != null) {
      unmatchRemote(g, events); // its QoS or locators changed: match it again as it is now
    }
    table.put(g, e);
    log.debug("{} {} discovered on {} ({})", g.entityId().isWriter() ? "writer" : "reader", g, e.topicName(),
        e.typeName());
    events.add(l -> l.endpointDiscovered(e));
    if (g.entityId().isWriter()) {
      for (UserReader r : userReaders.values()) {
        tryMatch(e, r.data, r, events);
      }
    } else {
      for (UserWriter w : userWriters.values()) {
        tryMatch(w.data, e, w, events);
      }
    }
  }

  /** Under the lock. */
  private void removeRemoteEndpoint(Guid g, List<Consumer<DiscoveryListener>> events) {
    EndpointData old = g.entityId().isWriter() ? remoteWriters.remove(g) : remoteReaders.remove(g);
    if (old != null) {
      unmatchRemote(g, events);
      events.add(l -> l.endpointLost(g));
    }
  }

  /** Under the lock: undoes every match of a remote (or local) endpoint. */
  private void unmatchRemote(Guid remote, List<Consumer<DiscoveryListener>> events) {
    if (remote.entityId().isWriter()) {
      for (UserReader r : userReaders.values()) {
        if (r.matched.remove(remote)) {
          r.endpoint.removeWriter(remote);
          Set<EntityId> ids = readersOfWriter.get(remote);
          if (ids != null) {
            ids.remove(r.guid.entityId());
          }
          events.add(l -> l.unmatched(r.guid, remote));
        }
      }
      readersOfWriter.remove(remote);
    } else {
      for (UserWriter w : userWriters.values()) {
        if (w.matched.remove(remote)) {
          w.endpoint.removeReader(remote);
          events.add(l -> l.unmatched(w.guid, remote));
        }
      }
    }
  }

  /**
   * Under the lock: matches a writer and a reader on the same topic and type, one of them local
   * ({@code local}) when their QoS are compatible; reports them incompatible otherwise.
   */
  private void tryMatch(EndpointData writer, EndpointData reader, UserEndpoint local,
      List<Consumer<DiscoveryListener>> events) {
    if (!writer.topicName().equals(reader.topicName()) || !writer.typeName().equals(reader.typeName())) {
      return;
    }
    Guid localGuid = local.guid;
    EndpointData other = local instanceof UserWriter ? reader : writer;
    Guid otherGuid = other.guid();
    if (local.matched.contains(otherGuid)) {
      return;
    }
    List<String> why = writer.qos().incompatibilitiesWithReader(reader.qos());
    if (!why.isEmpty()) {
      log.info("{} and {} on {} not matched: {}", localGuid, otherGuid, writer.topicName(), why);
      events.add(l -> l.incompatibleQos(localGuid, otherGuid, why));
      return;
    }
    List<Locator> unicast = unicastOf(other);
    List<Locator> multicast = multicastOf(other);
    local.matched.add(otherGuid);
    if (local instanceof UserWriter w) {
      w.endpoint.addReader(new RemoteReader(otherGuid, other.qos(), unicast, multicast, other.expectsInlineQos()));
    } else if (local instanceof UserReader r) {
      readersOfWriter.computeIfAbsent(otherGuid, k -> ConcurrentHashMap.newKeySet()).add(r.guid.entityId());
      r.endpoint.addWriter(new RemoteWriter(otherGuid, other.qos(), unicast, multicast));
    }
    events.add(l -> l.matched(localGuid, otherGuid));
  }

  private List<Locator> unicastOf(EndpointData e) {
    if (!e.unicast().isEmpty()) {
      return e.unicast();
    }
    if (e.guid().prefix().equals(prefix)) {
      return List.of(transport.userUnicastLocator());
    }
    return participants.get(e.guid().prefix()).map(ParticipantData::defaultUnicast).orElse(List.of());
  }

  private List<Locator> multicastOf(EndpointData e) {
    if (!e.multicast().isEmpty() || e.guid().prefix().equals(prefix)) {
      return e.multicast();
    }
    return participants.get(e.guid().prefix()).map(ParticipantData::defaultMulticast).orElse(List.of());
  }

  // ---------------------------------------------------------------- local endpoints

  /**
   * A writer on a DDS topic ("rt/chatter") of a DDS type ("std_msgs::msg::dds_::String_"),
   * announced by SEDP and matched with every compatible reader, remote or of this participant.
   */
  public LocalWriter createWriter(String ddsTopic, String ddsType, Qos qos) {
    return createWriter(ddsTopic, ddsType, qos, () -> { });
  }

  /**
   * As {@link #createWriter(String, String, Qos)}, running {@code onUnacknowledgedDrop} (quick,
   * thread-safe) for each sample a reliable reader is owed and will not get (see {@link
   * StatefulWriter}'s constructor).
   */
  public LocalWriter createWriter(String ddsTopic, String ddsType, Qos qos, Runnable onUnacknowledgedDrop) {
    Guid g = new Guid(prefix, EntityId.user(nextKey(), EntityId.KIND_WRITER_NO_KEY));
    EndpointData data = endpointData(g, ddsTopic, ddsType, qos);
    StatefulWriter endpoint = new StatefulWriter(g, qos, settings.writer(), outbox, onUnacknowledgedDrop);
    UserWriter w = new UserWriter(this, g, data, endpoint);
    List<Consumer<DiscoveryListener>> events = new ArrayList<>();
    synchronized (lock) {
      checkOpen();
      userWriters.put(g.entityId(), w);
      writersById.put(g.entityId(), endpoint);
      for (EndpointData r : remoteReaders.values()) {
        tryMatch(data, r, w, events);
      }
      for (UserReader r : userReaders.values()) {
        matchLocalPair(w, r, events);
      }
      sedp.publish(data);
      this.events.queue(events);
    }
    this.events.deliver();
    return w;
  }

  /** A reader on a DDS topic of a DDS type; {@code listener} gets its samples on a receive thread. */
  public LocalReader createReader(String ddsTopic, String ddsType, Qos qos, SampleListener listener) {
    Objects.requireNonNull(listener, "listener");
    Guid g = new Guid(prefix, EntityId.user(nextKey(), EntityId.KIND_READER_NO_KEY));
    EndpointData data = endpointData(g, ddsTopic, ddsType, qos);
    StatefulReader endpoint = new StatefulReader(g, qos, settings.reader(), outbox, listener);
    UserReader r = new UserReader(this, g, data, endpoint);
    List<Consumer<DiscoveryListener>> events = new ArrayList<>();
    synchronized (lock) {
      checkOpen();
      userReaders.put(g.entityId(), r);
      readersById.put(g.entityId(), endpoint);
      for (EndpointData w : remoteWriters.values()) {
        tryMatch(w, data, r, events);
      }
      for (UserWriter w : userWriters.values()) {
        matchLocalPair(w, r, events);
      }
      sedp.publish(data);
      this.events.queue(events);
    }
    this.events.deliver();
    return r;
  }

  /** Under the lock: a writer and a reader of this participant, matched through our own user socket. */
  private void matchLocalPair(UserWriter w, UserReader r, List<Consumer<DiscoveryListener>> events) {
    int before = events.size();
    tryMatch(w.data, r.data, w, events);
    if (events.size() > before && w.matched.contains(r.guid)) {
      tryMatch(w.data, r.data, r, events);
    }
  }

  private EndpointData endpointData(Guid g, String topic, String type, Qos qos) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(qos, "qos");
    return EndpointData.of(g, topic, type, qos);
  }

  private int nextKey() {
    int key = nextEntityKey.incrementAndGet();
    if (key > 0xffffff) {
      throw new IllegalStateException("no entity keys left in this participant");
    }
    return key;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("participant " + prefix + " is closed");
    }
  }

  /** The lock that guards discovery state (the endpoints' matched sets among it). */
  Object discoveryLock() {
    return lock;
  }

  boolean isClosed() {
    return closed;
  }

  void closeEndpoint(UserEndpoint e) {
    List<Consumer<DiscoveryListener>> events = new ArrayList<>();
    synchronized (lock) {
      boolean removed = e instanceof UserWriter ? userWriters.remove(e.guid.entityId()) != null
          : userReaders.remove(e.guid.entityId()) != null;
      if (!removed) {
        return;
      }
      if (e instanceof UserWriter) {
        writersById.remove(e.guid.entityId());
      } else {
        readersById.remove(e.guid.entityId());
        readersOfWriter.values().forEach(ids -> ids.remove(e.guid.entityId()));
      }
      // The other local side of local matches forgets it; remote peers learn it from the dispose.
      unmatchRemote(e.guid, events);
      for (Guid other : e.matched) {
        events.add(l -> l.unmatched(e.guid, other));
      }
      e.matched.clear();
      if (!closed) {
        sedp.dispose(e.guid);
      }
      this.events.queue(events);
    }
    this.events.deliver();
  }

  // ---------------------------------------------------------------- graph and events

  /**
   * Calls {@code listener} with what is known now (participants, endpoints, matches), then with
   * every change, until the registration is cancelled.
   */
  public Registration watch(DiscoveryListener listener) {
    Objects.requireNonNull(listener, "listener");
    List<Consumer<DiscoveryListener>> replay = new ArrayList<>();
    synchronized (lock) {
      for (ParticipantData p : participants.snapshot().values()) {
        replay.add(l -> l.participantDiscovered(p));
      }
      for (EndpointData e : remoteWriters.values()) {
        replay.add(l -> l.endpointDiscovered(e));
      }
      for (EndpointData e : remoteReaders.values()) {
        replay.add(l -> l.endpointDiscovered(e));
      }
      for (UserEndpoint e : userEndpoints()) {
        for (Guid other : e.matched) {
          replay.add(l -> l.matched(e.guid, other));
        }
      }
      // Queued under the lock: the replay comes before every change after it, and only to this listener.
      events.add(listener, replay);
    }
    events.deliver();
    return () -> events.remove(listener);
  }

  private List<UserEndpoint> userEndpoints() {
    List<UserEndpoint> all = new ArrayList<>(userWriters.values());
    all.addAll(userReaders.values());
    return all;
  }

  /**
   * True when every remote participant matched by SEDP has acknowledged every announcement of
   * our endpoints (and their disposal): the peers know our endpoints as they are now. A peer's
   * volatile reader takes a writer's samples only from the first heartbeat it hears after it
   * learned of the writer, so a writer that must not lose its first samples waits for this.
   */
  public boolean endpointsAnnounced() {
    for (StatefulWriter w : sedp.writers()) {
      if (!w.acknowledgedByAll()) {
        return false;
      }
    }
    return true;
  }

  /** The remote participants and endpoints known now. */
  public DiscoveredGraph graph() {
    synchronized (lock) {
      return new DiscoveredGraph(participants.snapshot(), remoteWriters, remoteReaders);
    }
  }

  // ---------------------------------------------------------------- timer and close

  private void tickEndpoints() {
    long now = System.nanoTime();
    for (StatefulWriter w : writersById.values()) {
      try {
        w.onTimer(now);
      } catch (RuntimeException e) {
        log.warn("writer {} timer failed", w.guid(), e);
      }
    }
    for (StatefulReader r : readersById.values()) {
      try {
        r.onTimer(now);
      } catch (RuntimeException e) {
        log.warn("reader {} timer failed", r.guid(), e);
      }
    }
  }

  /**
   * Disposes our endpoints and this participant (peers drop us at once instead of waiting out
   * the lease), stops the threads and frees the ports.
   */
  @Override
  public void close() {
    List<Locator> peers = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (UserEndpoint e : userEndpoints()) {
        sedp.dispose(e.guid);
      }
      for (ParticipantData p : participants.snapshot().values()) {
        peers.addAll(p.metatrafficUnicast());
      }
      closed = true;
    }
    ByteBuffer bye = spdp.disposal();
    transport.send(peers, bye);
    for (InetSocketAddress to : settings.announceTargets()) {
      transport.send(to, bye);
    }
    // Not shutdownNow: an interrupt in the middle of a send would close the socket under it.
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transport.close();
    log.info("participant {} closed", prefix);
  }

  @Override
  public String toString() {
    return "participant " + prefix + " (domain " + settings.domainId() + ", index " + transport.participantIndex() + ")";
  }
}
