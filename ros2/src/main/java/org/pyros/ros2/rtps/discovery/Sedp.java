package org.pyros.ros2.rtps.discovery;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;
import org.pyros.ros2.rtps.endpoint.Outbox;
import org.pyros.ros2.rtps.endpoint.ReaderSettings;
import org.pyros.ros2.rtps.endpoint.RemoteReader;
import org.pyros.ros2.rtps.endpoint.RemoteWriter;
import org.pyros.ros2.rtps.endpoint.Sample;
import org.pyros.ros2.rtps.endpoint.StatefulReader;
import org.pyros.ros2.rtps.endpoint.StatefulWriter;
import org.pyros.ros2.rtps.endpoint.WriterSettings;
import org.pyros.ros2.rtps.qos.Durability;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Liveliness;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;
import org.pyros.ros2.rtps.wire.Encapsulation;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.ParameterId;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Timestamp;

/**
 * The simple endpoint discovery protocol (DDS-RTPS 8.5.4): the built-in publications and
 * subscriptions writers and readers, reliable and transient local, matched with a remote
 * participant's counterparts when its built-in endpoint set announces them. Local endpoints are
 * published as {@link EndpointData} (the key hash, the endpoint's GUID, in the inline QoS) and
 * disposed when they close; what the readers receive goes to {@code events}.
 */
public final class Sedp {
  /** What a received DATA(w) or DATA(r) says. */
  public sealed interface Event {
    record Alive(EndpointData endpoint) implements Event {}

    record Gone(Guid endpoint) implements Event {}

    /** A sample that could not be read: dropped. */
    record Malformed(Guid writer, String reason) implements Event {}
  }

  /** Every local endpoint stays in history for late joiners, up to this many publications per kind. */
  static final int HISTORY_DEPTH = 1000;
  /** The QoS of the SEDP built-in endpoints. */
  public static final Qos BUILTIN_QOS = new Qos(Reliability.RELIABLE, Durability.TRANSIENT_LOCAL,
      History.keepLast(HISTORY_DEPTH), Qos.INFINITE, Liveliness.AUTOMATIC_INFINITE);

  private final GuidPrefix local;
  private final StatefulWriter publicationsWriter;
  private final StatefulWriter subscriptionsWriter;
  private final StatefulReader publicationsReader;
  private final StatefulReader subscriptionsReader;

  public Sedp(GuidPrefix local, WriterSettings writerSettings, ReaderSettings readerSettings, Outbox out,
      Consumer<Event> events) {
    this.local = local;
    publicationsWriter = new StatefulWriter(new Guid(local, EntityId.SEDP_PUBLICATIONS_WRITER), BUILTIN_QOS,
        writerSettings, out);
    subscriptionsWriter = new StatefulWriter(new Guid(local, EntityId.SEDP_SUBSCRIPTIONS_WRITER), BUILTIN_QOS,
        writerSettings, out);
    publicationsReader = new StatefulReader(new Guid(local, EntityId.SEDP_PUBLICATIONS_READER), BUILTIN_QOS,
        readerSettings, out, s -> events.accept(read(s)));
    subscriptionsReader = new StatefulReader(new Guid(local, EntityId.SEDP_SUBSCRIPTIONS_READER), BUILTIN_QOS,
        readerSettings, out, s -> events.accept(read(s)));
  }

  public List<StatefulWriter> writers() {
    return List.of(publicationsWriter, subscriptionsWriter);
  }

  public List<StatefulReader> readers() {
    return List.of(publicationsReader, subscriptionsReader);
  }

  /** Announces a local writer (on the publications writer) or reader (on the subscriptions writer). */
  public void publish(EndpointData endpoint) {
    ByteBuffer payload = new ParameterListWriter().putAll(endpoint.toParameterList()).toPayload();
    writerFor(endpoint.guid()).write(payload, StatusInfo.alive(endpoint.guid()), Timestamp.now());
  }

  /** Tells peers that a local endpoint is gone. */
  public void dispose(Guid endpoint) {
    ByteBuffer key = new ParameterListWriter().putGuid(ParameterId.PID_ENDPOINT_GUID, endpoint).toPayload();
    writerFor(endpoint).write(key, StatusInfo.disposed(endpoint), Timestamp.now());
  }

  private StatefulWriter writerFor(Guid endpoint) {
    if (!endpoint.prefix().equals(local)) {
      throw new IllegalArgumentException("not a local endpoint: " + endpoint);
    }
    return endpoint.entityId().isWriter() ? publicationsWriter : subscriptionsWriter;
  }

  /** Matches the remote participant's SEDP endpoints that its built-in endpoint set announces. */
  public void match(ParticipantData remote) {
    int set = remote.builtinEndpoints();
    List<org.pyros.ros2.rtps.wire.Locator> uc = remote.metatrafficUnicast();
    List<org.pyros.ros2.rtps.wire.Locator> mc = remote.metatrafficMulticast();
    GuidPrefix p = remote.prefix();
    if (has(set, ParticipantData.PUBLICATIONS_DETECTOR)) {
      publicationsWriter.addReader(new RemoteReader(new Guid(p, EntityId.SEDP_PUBLICATIONS_READER), BUILTIN_QOS, uc,
          mc, false));
    }
    if (has(set, ParticipantData.SUBSCRIPTIONS_DETECTOR)) {
      subscriptionsWriter.addReader(new RemoteReader(new Guid(p, EntityId.SEDP_SUBSCRIPTIONS_READER), BUILTIN_QOS,
          uc, mc, false));
    }
    if (has(set, ParticipantData.PUBLICATIONS_ANNOUNCER)) {
      publicationsReader.addWriter(new RemoteWriter(new Guid(p, EntityId.SEDP_PUBLICATIONS_WRITER), BUILTIN_QOS, uc,
          mc));
    }
    if (has(set, ParticipantData.SUBSCRIPTIONS_ANNOUNCER)) {
      subscriptionsReader.addWriter(new RemoteWriter(new Guid(p, EntityId.SEDP_SUBSCRIPTIONS_WRITER), BUILTIN_QOS,
          uc, mc));
    }
  }

  /** Forgets a remote participant's SEDP endpoints. */
  public void unmatch(GuidPrefix remote) {
    publicationsWriter.removeReader(new Guid(remote, EntityId.SEDP_PUBLICATIONS_READER));
    subscriptionsWriter.removeReader(new Guid(remote, EntityId.SEDP_SUBSCRIPTIONS_READER));
    publicationsReader.removeWriter(new Guid(remote, EntityId.SEDP_PUBLICATIONS_WRITER));
    subscriptionsReader.removeWriter(new Guid(remote, EntityId.SEDP_SUBSCRIPTIONS_WRITER));
  }

  private static boolean has(int set, int bit) {
    return (set & bit) != 0;
  }

  /**
   * The dispose in a DATA that carries an endpoint's key rather than its data (status info
   * disposed or unregistered, key hash or serialized key): empty when it says something else.
   */
  public static Optional<Event> disposal(GuidPrefix source, Data d) {
    if (!StatusInfo.isGone(d.inlineQos())) {
      return Optional.empty();
    }
    return Optional.of(read(new Sample(new Guid(source, d.writerId()), d.writerSn(), null, d.inlineQos(),
        d.payload() == null ? null : ByteString.fromByteBuffer(d.payload().duplicate()))));
  }

  /** Reads one SEDP sample: an endpoint alive, one gone, or why it could not be read. */
  static Event read(Sample s) {
    try {
      ParameterList inline = s.inlineQos();
      if (StatusInfo.isGone(inline) || s.payload() == null) {
        Optional<Guid> key = StatusInfo.keyHash(inline);
        if (key.isEmpty() && s.payload() != null) {
          key = Encapsulation.readParameterList(s.payload()).first(ParameterId.PID_ENDPOINT_GUID)
              .filter(p -> p.value().remaining() >= Guid.LENGTH).map(p -> Guid.read(p.view()));
        }
        return key.<Event>map(Event.Gone::new).orElseGet(() -> new Event.Malformed(s.writer(), "a dispose with no key"));
      }
      return new Event.Alive(EndpointData.fromParameterList(Encapsulation.readParameterList(s.payload())));
    } catch (RtpsFormatException | IllegalArgumentException e) {
      return new Event.Malformed(s.writer(), e.getMessage());
    }
  }
}
