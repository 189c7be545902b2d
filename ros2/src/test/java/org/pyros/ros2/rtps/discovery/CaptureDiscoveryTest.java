package org.pyros.ros2.rtps.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
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
import org.pyros.ros2.rtps.wire.MessageReader;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.PcapFile;
import org.pyros.ros2.rtps.wire.Received;
import org.pyros.ros2.rtps.wire.Submessage.Data;

/**
 * Decodes the SPDP and SEDP data of the real Cyclone DDS 0.10 (writer of rt/chatter) to Fast DDS
 * 2.9 (reader) capture, and checks the facts a participant relies on.
 */
class CaptureDiscoveryTest {
  static final GuidPrefix FAST_DDS = prefix("010f78fdbc1f0de400000000");
  static final GuidPrefix CYCLONE = prefix("011063f27296e30b0b4ea974");
  static final String TOPIC = "rt/chatter";
  static final String TYPE = "std_msgs::msg::dds_::String_";

  record Sample(GuidPrefix source, Data data) {}

  static List<Sample> discovery = new ArrayList<>();

  static GuidPrefix prefix(String hex) {
    return GuidPrefix.of(HexFormat.of().parseHex(hex));
  }

  @BeforeAll
  static void read() throws IOException {
    for (PcapFile.Udp udp : PcapFile.udpDatagrams(PcapFile.sharedCapture("cyclone-to-fastdds-chatter.pcap"))) {
      if (udp.payload().remaining() < 20) {
        continue;
      }
      for (Received r : MessageReader.parse(udp.payload()).submessages()) {
        if (r.submessage() instanceof Data d && d.writerId().isBuiltin() && d.payload() != null && !d.keyOnly()) {
          discovery.add(new Sample(r.context().source(), d));
        }
      }
    }
  }

  static ParameterList first(GuidPrefix source, EntityId writer) {
    Predicate<Sample> match = s -> s.source().equals(source) && s.data().writerId().equals(writer);
    Sample s = discovery.stream().filter(match).findFirst()
        .orElseThrow(() -> new AssertionError("no DATA from " + source + " by " + writer + " in the capture"));
    return Encapsulation.readParameterList(s.data().payload());
  }

  @Test
  void fastDdsParticipant() {
    ParticipantData p = ParticipantData.fromParameterList(first(FAST_DDS, EntityId.SPDP_WRITER));
    assertEquals(FAST_DDS, p.prefix());
    assertEquals(0x010f, p.vendorId());
    assertEquals(3, p.protocolMinor());
    assertEquals(ParticipantData.DOMAIN_ID_ABSENT, p.domainId(), "Fast DDS sends no PID_DOMAIN_ID");
    assertEquals(List.of(Locator.udpV4("127.0.0.1", 7410)), p.metatrafficUnicast());
    assertEquals(List.of(Locator.udpV4("127.0.0.1", 7411)), p.defaultUnicast());
    assertEquals(List.of(), p.metatrafficMulticast(), "loopback profile: no multicast");
    assertEquals(List.of(), p.defaultMulticast());
    assertEquals(Duration.ofSeconds(20), p.leaseDuration());
    assertEquals("RTPSParticipant", p.entityName());
    assertEquals(ParticipantData.SIMPLE_DISCOVERY, p.builtinEndpoints() & ParticipantData.SIMPLE_DISCOVERY);
    assertEquals(0, p.userData().length, "the sample peers send no USER_DATA");
  }

  @Test
  void cycloneParticipant() {
    ParticipantData p = ParticipantData.fromParameterList(first(CYCLONE, EntityId.SPDP_WRITER));
    assertEquals(CYCLONE, p.prefix());
    assertEquals(0x0110, p.vendorId());
    assertEquals(1, p.protocolMinor());
    assertEquals(0, p.domainId());
    assertEquals(List.of(Locator.udpV4("127.0.0.1", 7412)), p.metatrafficUnicast());
    assertEquals(List.of(Locator.udpV4("127.0.0.1", 7413)), p.defaultUnicast());
    assertEquals(Duration.ofSeconds(10), p.leaseDuration());
    assertEquals(ParticipantData.SIMPLE_DISCOVERY, p.builtinEndpoints() & ParticipantData.SIMPLE_DISCOVERY);
  }

  @Test
  void cycloneChatterWriter() {
    EndpointData w = EndpointData.fromParameterList(first(CYCLONE, EntityId.SEDP_PUBLICATIONS_WRITER));
    assertTrue(w.isWriter());
    assertEquals(new Guid(CYCLONE, new EntityId(0x00000203)), w.guid());
    assertEquals(new Guid(CYCLONE, EntityId.PARTICIPANT), w.participant(), "no PID_PARTICIPANT_GUID: from the prefix");
    assertEquals(TOPIC, w.topicName());
    assertEquals(TYPE, w.typeName());
    assertEquals(new Qos(Reliability.RELIABLE, Durability.VOLATILE, History.keepLast(10), Qos.INFINITE,
        Liveliness.AUTOMATIC_INFINITE), w.qos());
    assertEquals(List.of(EndpointData.XCDR, EndpointData.XCDR2), w.dataRepresentation());
    assertEquals(List.of(), w.unicast(), "Cyclone's endpoints use the participant's locators");
  }

  @Test
  void fastDdsChatterReader() {
    EndpointData r = EndpointData.fromParameterList(first(FAST_DDS, EntityId.SEDP_SUBSCRIPTIONS_WRITER));
    assertFalse(r.isWriter());
    assertEquals(new Guid(FAST_DDS, new EntityId(0x00000104)), r.guid());
    assertEquals(new Guid(FAST_DDS, EntityId.PARTICIPANT), r.participant());
    assertEquals(TOPIC, r.topicName());
    assertEquals(TYPE, r.typeName());
    assertEquals(Reliability.RELIABLE, r.qos().reliability());
    assertEquals(Durability.VOLATILE, r.qos().durability());
    // Fast DDS 2.9 leaves PID_HISTORY out of DATA(r) (its reader has keep last 10): the spec's default applies.
    assertEquals(History.keepLast(1), r.qos().history());
    assertEquals(Liveliness.AUTOMATIC_INFINITE, r.qos().liveliness());
    assertEquals(Qos.INFINITE, r.qos().deadline());
    assertEquals(List.of(Locator.udpV4("127.0.0.1", 7411)), r.unicast());
    assertFalse(r.expectsInlineQos());
    assertEquals(EndpointData.DEFAULT_DATA_REPRESENTATION, r.dataRepresentation());
  }

  @Test
  void decodedDataWritesBackToTheSameData() {
    int participants = 0;
    int endpoints = 0;
    for (Sample s : discovery) {
      // The participant message writer (0x000200c2) sends CDR, not a parameter list: not discovery data.
      if (s.data().writerId().equals(EntityId.SPDP_WRITER)) {
        ParticipantData p = ParticipantData.fromParameterList(Encapsulation.readParameterList(s.data().payload()));
        assertEquals(p, ParticipantData.fromParameterList(Encapsulation.readParameterList(p.toPayload())));
        participants++;
      } else if (s.data().writerId().equals(EntityId.SEDP_PUBLICATIONS_WRITER)
          || s.data().writerId().equals(EntityId.SEDP_SUBSCRIPTIONS_WRITER)) {
        EndpointData e = EndpointData.fromParameterList(Encapsulation.readParameterList(s.data().payload()));
        assertEquals(e, EndpointData.fromParameterList(Encapsulation.readParameterList(e.toPayload())));
        endpoints++;
      }
    }
    assertTrue(participants > 10 && endpoints >= 2, participants + " DATA(p), " + endpoints + " DATA(w)/DATA(r)");
  }
}
