package org.pyros.ros2.rtps.discovery;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.pyros.ros2.rtps.wire.Encapsulation;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.MessageBuilder;
import org.pyros.ros2.rtps.wire.ParameterId;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.ReceiveContext;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Timestamp;

/**
 * The simple participant discovery protocol's messages (DDS-RTPS 8.5.3): our announcement, a
 * best-effort DATA(p) from the SPDP writer to the SPDP readers, and its dispose when we leave;
 * and the reading of peers' ones. Sending and the lease bookkeeping are the participant's.
 */
public final class Spdp {
  /** What a received DATA(p) says. */
  public sealed interface Event {
    /** A participant announced itself (new or again). */
    record Alive(ParticipantData participant) implements Event {}

    /** A participant said it leaves. */
    record Gone(GuidPrefix participant) implements Event {}
  }

  /** Room enough for any announcement. */
  static final int MAX_DATAGRAM_BYTES = 64_000;

  private final GuidPrefix local;
  private long sequenceNumber;

  public Spdp(GuidPrefix local) {
    this.local = local;
  }

  /**
   * A datagram announcing {@code self}. Each announcement is a new sample (a new sequence number)
   * so that no reader takes it for a duplicate.
   */
  public synchronized ByteBuffer announcement(ParticipantData self) {
    ByteBuffer payload = new ParameterListWriter().putAll(self.toParameterList()).toPayload();
    Guid key = new Guid(local, EntityId.PARTICIPANT);
    return datagram(new Data(EntityId.SPDP_READER, EntityId.SPDP_WRITER, ++sequenceNumber, StatusInfo.alive(key),
        payload, false));
  }

  /** A datagram saying that we leave: status info disposed and unregistered, the key as payload. */
  public synchronized ByteBuffer disposal() {
    Guid key = new Guid(local, EntityId.PARTICIPANT);
    ByteBuffer keyPayload = new ParameterListWriter().putGuid(ParameterId.PID_PARTICIPANT_GUID, key).toPayload();
    return datagram(new Data(EntityId.SPDP_READER, EntityId.SPDP_WRITER, ++sequenceNumber, StatusInfo.disposed(key),
        keyPayload, true));
  }

  private ByteBuffer datagram(Data data) {
    MessageBuilder b = new MessageBuilder(local, MAX_DATAGRAM_BYTES);
    b.infoTimestamp(Timestamp.now());
    if (!b.add(data)) {
      throw new IllegalStateException("the SPDP announcement does not fit in " + MAX_DATAGRAM_BYTES + " bytes");
    }
    return b.finish();
  }

  /**
   * Reads a DATA from an SPDP writer: empty when it is not participant data at all.
   *
   * @throws RtpsFormatException when the payload is malformed
   */
  public static Optional<Event> read(ReceiveContext context, Data data) {
    if (StatusInfo.isGone(data.inlineQos()) || data.keyOnly() || data.payload() == null) {
      Optional<Guid> key = StatusInfo.keyHash(data.inlineQos());
      if (key.isEmpty() && data.payload() != null) {
        key = participantGuid(Encapsulation.readParameterList(data.payload()));
      }
      return Optional.of(new Event.Gone(key.map(Guid::prefix).orElse(context.source())));
    }
    ParticipantData p = ParticipantData.fromParameterList(Encapsulation.readParameterList(data.payload()));
    return Optional.of(new Event.Alive(p));
  }

  private static Optional<Guid> participantGuid(ParameterList list) {
    return list.first(ParameterId.PID_PARTICIPANT_GUID).filter(p -> p.value().remaining() >= Guid.LENGTH)
        .map(p -> Guid.read(p.view()));
  }
}
