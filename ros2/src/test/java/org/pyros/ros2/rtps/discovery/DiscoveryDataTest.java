package org.pyros.ros2.rtps.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.qos.Durability;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Liveliness;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;
import org.pyros.ros2.rtps.wire.Encapsulation;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.ParameterId;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.RtpsFormatException;

class DiscoveryDataTest {
  static final GuidPrefix PREFIX = new GuidPrefix(0x01ff000011223344L, 0x55667788);
  static final Guid WRITER = new Guid(PREFIX, EntityId.user(1, EntityId.KIND_WRITER_NO_KEY));
  static final Guid READER = new Guid(PREFIX, EntityId.user(2, EntityId.KIND_READER_NO_KEY));

  static ParticipantData participant() {
    return new ParticipantData(PREFIX, 0x01ff, 3, 42, List.of(Locator.udpV4("127.0.0.1", 7410)),
        List.of(Locator.udpV4("239.255.0.1", 7400)), List.of(Locator.udpV4("127.0.0.1", 7411)),
        List.of(Locator.udpV4("239.255.0.1", 7401)), ParticipantData.SIMPLE_DISCOVERY, Duration.ofSeconds(20),
        ParticipantData.enclaveUserData("/"), "pyros");
  }

  @Test
  void participantDataRoundTripsInBothByteOrders() {
    ParticipantData p = participant();
    assertEquals(p, ParticipantData.fromParameterList(Encapsulation.readParameterList(p.toPayload())));
    ParameterListWriter be = new ParameterListWriter(ByteOrder.BIG_ENDIAN);
    p.writeTo(be);
    assertEquals(p, ParticipantData.fromParameterList(be.toParameterList()));
    assertEquals(Optional.of("/"), p.enclave());
    assertArrayEquals("enclave=/;".getBytes(StandardCharsets.UTF_8), p.userData());
  }

  @Test
  void participantDefaultsAndRefusals() {
    ParameterListWriter w = minimalParticipant();
    ParticipantData p = ParticipantData.fromParameterList(w.toParameterList());
    assertEquals(ParticipantData.DEFAULT_LEASE_DURATION, p.leaseDuration());
    assertEquals(ParticipantData.DOMAIN_ID_ABSENT, p.domainId());
    assertEquals(List.of(), p.metatrafficUnicast());
    assertEquals("", p.entityName());
    assertEquals(Optional.empty(), p.enclave());

    refusedParticipant(l -> {}, "no GUID", ParameterId.PID_PARTICIPANT_GUID);
    refusedParticipant(l -> {}, "no version", ParameterId.PID_PROTOCOL_VERSION);
    refusedParticipant(l -> {}, "no vendor", ParameterId.PID_VENDORID);
    refusedParticipant(l -> {}, "no builtin endpoints", ParameterId.PID_BUILTIN_ENDPOINT_SET);
    refusedParticipant(l -> l.put(ParameterId.PID_PROTOCOL_VERSION, b -> b.put((byte) 3).put((byte) 0)),
        "RTPS 3.0", ParameterId.PID_PROTOCOL_VERSION);
    refusedParticipant(l -> l.putGuid(ParameterId.PID_PARTICIPANT_GUID, WRITER), "a writer's GUID",
        ParameterId.PID_PARTICIPANT_GUID);
    refusedParticipant(l -> l.putRaw(ParameterId.PID_METATRAFFIC_UNICAST_LOCATOR, new byte[20]), "short locator", -1);
    refusedParticipant(l -> l.putInt(ParameterId.PID_USER_DATA, 100), "user data longer than its parameter", -1);
    refusedParticipant(l -> l.put(ParameterId.PID_PARTICIPANT_LEASE_DURATION, b -> b.putInt(-5).putInt(0)),
        "negative lease", -1);
  }

  @Test
  void mustUnderstandParametersAndDomainTags() {
    refusedParticipant(l -> l.putString(ParameterId.PID_DOMAIN_TAG, "lab"), "another domain's tag", -1);
    refusedParticipant(l -> l.putInt(0x4077, 1), "a standard must-understand parameter we do not know", -1);
    ParameterListWriter w = new ParameterListWriter().putString(ParameterId.PID_DOMAIN_TAG, "").putInt(0xc001, 1)
        .putInt(0x0fff, 1);
    w.putAll(minimalParticipant().toParameterList());
    assertEquals(PREFIX, ParticipantData.fromParameterList(w.toParameterList()).prefix(),
        "an empty tag, a vendor's must-understand parameter and an unknown one are fine");
    refusedEndpoint(l -> l.putInt(0x4077, 1), "a standard must-understand parameter we do not know");
  }

  static ParameterListWriter minimalParticipant() {
    return minimalParticipantWithout(-1);
  }

  static ParameterListWriter minimalParticipantWithout(int omitted) {
    ParameterListWriter w = new ParameterListWriter();
    if (omitted != ParameterId.PID_PROTOCOL_VERSION) {
      w.put(ParameterId.PID_PROTOCOL_VERSION, b -> b.put((byte) 2).put((byte) 1));
    }
    if (omitted != ParameterId.PID_VENDORID) {
      w.put(ParameterId.PID_VENDORID, b -> b.put((byte) 1).put((byte) 0x10));
    }
    if (omitted != ParameterId.PID_PARTICIPANT_GUID) {
      w.putGuid(ParameterId.PID_PARTICIPANT_GUID, new Guid(PREFIX, EntityId.PARTICIPANT));
    }
    if (omitted != ParameterId.PID_BUILTIN_ENDPOINT_SET) {
      w.putInt(ParameterId.PID_BUILTIN_ENDPOINT_SET, ParameterId.PID_BUILTIN_ENDPOINT_SET);
    }
    return w;
  }

  /** A participant missing {@code omitted} and with {@code extra} first (the first parameter of an id counts). */
  static void refusedParticipant(Consumer<ParameterListWriter> extra, String why, int omitted) {
    ParameterListWriter w = new ParameterListWriter();
    extra.accept(w);
    ParameterList rest = minimalParticipantWithout(omitted).toParameterList();
    w.putAll(rest);
    assertThrows(RtpsFormatException.class, () -> ParticipantData.fromParameterList(w.toParameterList()), why);
  }

  @Test
  void endpointDataRoundTrips() {
    Qos qos = new Qos(Reliability.BEST_EFFORT, Durability.TRANSIENT_LOCAL, History.keepAll(5), Duration.ofMillis(250),
        new Liveliness(Liveliness.Kind.MANUAL_BY_TOPIC, Duration.ofSeconds(3)));
    EndpointData r = new EndpointData(READER, new Guid(PREFIX, EntityId.PARTICIPANT), "rt/chatter",
        "std_msgs::msg::dds_::String_", qos, List.of(Locator.udpV4("127.0.0.1", 7411)), List.of(),
        UserDataProperties.format(Map.of("typehash", "RIHS01_00")), List.of(EndpointData.XCDR, EndpointData.XCDR2),
        true);
    assertEquals(r, EndpointData.fromParameterList(Encapsulation.readParameterList(r.toPayload())));
    assertEquals("RIHS01_00", r.userDataProperties().get("typehash"));
    EndpointData w = EndpointData.of(WRITER, "rt/a", "a::msg::dds_::A_", Qos.LATCHED);
    assertEquals(w, EndpointData.fromParameterList(w.toParameterList()));
  }

  @Test
  void endpointDefaultsDependOnTheKindOfEndpoint() {
    EndpointData w = EndpointData.fromParameterList(minimalEndpoint(WRITER).toParameterList());
    assertEquals(new Qos(Reliability.RELIABLE, Durability.VOLATILE, History.keepLast(1), Qos.INFINITE,
        Liveliness.AUTOMATIC_INFINITE), w.qos());
    assertEquals(new Guid(PREFIX, EntityId.PARTICIPANT), w.participant());
    assertEquals(EndpointData.DEFAULT_DATA_REPRESENTATION, w.dataRepresentation());
    EndpointData r = EndpointData.fromParameterList(minimalEndpoint(READER).toParameterList());
    assertEquals(Reliability.BEST_EFFORT, r.qos().reliability());
  }

  static ParameterListWriter minimalEndpoint(Guid guid) {
    return new ParameterListWriter().putGuid(ParameterId.PID_ENDPOINT_GUID, guid)
        .putString(ParameterId.PID_TOPIC_NAME, "rt/a").putString(ParameterId.PID_TYPE_NAME, "T");
  }

  static void refusedEndpoint(Consumer<ParameterListWriter> first, String why) {
    ParameterListWriter w = new ParameterListWriter();
    first.accept(w);
    w.putAll(minimalEndpoint(WRITER).toParameterList());
    assertThrows(RtpsFormatException.class, () -> EndpointData.fromParameterList(w.toParameterList()), why);
  }

  @Test
  void badEndpointDataIsRefused() {
    assertThrows(RtpsFormatException.class, () -> EndpointData.fromParameterList(new ParameterListWriter()
        .putGuid(ParameterId.PID_ENDPOINT_GUID, WRITER).putString(ParameterId.PID_TOPIC_NAME, "t").toParameterList()));
    refusedEndpoint(w -> w.putGuid(ParameterId.PID_ENDPOINT_GUID, new Guid(PREFIX, EntityId.PARTICIPANT)),
        "a participant is no endpoint");
    refusedEndpoint(w -> w.put(ParameterId.PID_RELIABILITY, b -> b.putInt(3).putLong(0)), "reliability 3");
    refusedEndpoint(w -> w.putInt(ParameterId.PID_RELIABILITY, 2), "reliability without max_blocking_time");
    refusedEndpoint(w -> w.putInt(ParameterId.PID_DURABILITY, 9), "durability 9");
    refusedEndpoint(w -> w.put(ParameterId.PID_HISTORY, b -> b.putInt(0).putInt(0)), "keep last 0");
    refusedEndpoint(w -> w.put(ParameterId.PID_HISTORY, b -> b.putInt(2).putInt(1)), "history kind 2");
    refusedEndpoint(w -> w.put(ParameterId.PID_LIVELINESS, b -> b.putInt(3).putLong(0)), "liveliness 3");
    refusedEndpoint(w -> w.put(ParameterId.PID_DATA_REPRESENTATION, b -> b.putInt(1000)), "1000 representations");
    refusedEndpoint(w -> w.put(ParameterId.PID_TOPIC_NAME, b -> b.putInt(-1)), "topic of 4 GB");
  }
}
