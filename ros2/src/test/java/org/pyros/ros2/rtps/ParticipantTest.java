package org.pyros.ros2.rtps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.discovery.ParticipantData;
import org.pyros.ros2.rtps.discovery.Spdp;
import org.pyros.ros2.rtps.discovery.StatusInfo;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;
import org.pyros.ros2.rtps.transport.PortMapping;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Header;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.MessageBuilder;
import org.pyros.ros2.rtps.wire.ParameterId;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.Submessage.Data;

/** Pyros participants with each other (and with hand-made datagrams) on loopback. */
class ParticipantTest {
  static final String TOPIC = "rt/chatter";
  static final String TYPE = "std_msgs::msg::dds_::String_";
  static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private int domain;

  @BeforeEach
  void pickDomain() {
    domain = FreeDomain.pick();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private Participant participant() {
    return keep(Participant.start(ParticipantSettings.loopback(domain)));
  }

  @Test
  void participantsTakeTheFirstFreeIndexAndDistinctPrefixes() {
    Participant a = participant();
    Participant b = participant();
    assertEquals(0, a.participantIndex());
    assertEquals(1, b.participantIndex());
    assertNotEquals(a.guidPrefix(), b.guidPrefix());
    assertEquals(PortMapping.DEFAULT.metatrafficUnicast(domain, 1), b.description().metatrafficUnicast().get(0).port());
    assertEquals(Optional.of("/"), a.description().enclave());
  }

  @Test
  void twoParticipantsDiscoverEachOtherAndSamplesFlowInOrder() {
    Participant a = participant();
    Participant b = participant();
    List<String> got = new CopyOnWriteArrayList<>();
    LocalReader r = keep(b.createReader(TOPIC, TYPE, Qos.ROS_DEFAULT, s -> got.add(StringCdr.decode(s.payload()))));
    LocalWriter w = keep(a.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    Eventually.await(WAIT, "matched both ways", () -> w.matchedReaders() == 1 && r.matchedWriters() == 1
        && a.endpointsAnnounced());
    ParticipantData seenByB = b.graph().participant(a.guidPrefix()).orElseThrow();
    assertEquals(Header.PYROS_VENDOR_ID, seenByB.vendorId());
    assertEquals(domain, seenByB.domainId());
    EndpointData writerSeenByB = b.graph().writersOn(TOPIC).get(0);
    assertEquals(w.guid(), writerSeenByB.guid());
    assertEquals(TYPE, writerSeenByB.typeName());
    for (int i = 0; i < 100; i++) {
      w.write(StringCdr.encode("hello " + i));
    }
    Eventually.await(WAIT, "100 samples", () -> got.size() == 100, got::toString);
    assertEquals(IntStream.range(0, 100).mapToObj(i -> "hello " + i).toList(), got);
  }

  @Test
  void aWriterAndAReaderOfOneParticipantMatchEachOther() {
    Participant a = participant();
    List<String> got = new CopyOnWriteArrayList<>();
    LocalWriter w = keep(a.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    LocalReader r = keep(a.createReader(TOPIC, TYPE, Qos.ROS_DEFAULT, s -> got.add(StringCdr.decode(s.payload()))));
    assertEquals(1, w.matchedReaders());
    assertEquals(1, r.matchedWriters());
    w.write(StringCdr.encode("to myself"));
    Eventually.await(WAIT, "the sample", () -> got.contains("to myself"), got::toString);
    r.close();
    assertEquals(0, w.matchedReaders());
  }

  @Test
  void watchReplaysWhatIsKnownThenReportsChanges() {
    Participant a = participant();
    Participant b = participant();
    LocalWriter w = keep(a.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    LocalReader r = keep(b.createReader(TOPIC, TYPE, Qos.ROS_DEFAULT, s -> {}));
    Eventually.await(WAIT, "matched", () -> r.matchedWriters() == 1);
    RecordingListener events = new RecordingListener();
    keep(b.watch(events)::cancel);
    assertTrue(events.has("discovered " + a.guidPrefix()), events.toString());
    assertTrue(events.has("endpoint " + w.guid()), events.toString());
    assertTrue(events.has("matched " + r.guid() + " " + w.guid()), events.toString());
    w.close();
    Eventually.await(WAIT, "the closed writer reported", () -> events.has("endpoint lost " + w.guid())
        && events.has("unmatched " + r.guid() + " " + w.guid()), events::toString);
    assertEquals(0, r.matchedWriters());
  }

  @Test
  void garbageOnItsPortsIsCountedAndDiscoveryGoesOn() throws Exception {
    Participant a = participant();
    InetSocketAddress meta = a.description().metatrafficUnicast().get(0).toSocketAddress();
    InetSocketAddress user = a.description().defaultUnicast().get(0).toSocketAddress();
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.send(ByteBuffer.wrap("not RTPS at all".getBytes()), meta);
      ch.send(ByteBuffer.wrap(new byte[] {'R', 'T', 'P', 'S', 2, 3, 1}), user);
      byte[] cut = new byte[40];
      System.arraycopy(new byte[] {'R', 'T', 'P', 'S', 2, 3, 1, 0x10}, 0, cut, 0, 8);
      cut[20] = 0x15; // DATA
      cut[21] = 1;
      cut[22] = (byte) 200; // longer than what follows
      ch.send(ByteBuffer.wrap(cut), meta);
    }
    Eventually.await(WAIT, "three malformed datagrams counted", () -> a.malformedDatagrams() == 3,
        () -> "counted " + a.malformedDatagrams());
    Participant b = participant();
    LocalWriter w = keep(b.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    Eventually.await(WAIT, "discovery after the garbage", () -> !a.graph().writersOn(TOPIC).isEmpty());
    assertEquals(w.guid(), a.graph().writersOn(TOPIC).get(0).guid());
  }

  @Test
  void aPeerDisposingAnEndpointByKeyAloneDropsIt() throws Exception {
    Participant a = participant();
    GuidPrefix fake = new GuidPrefix(0x0110_7777_0000_0001L, 42);
    try (DatagramChannel fakeSocket = DatagramChannel.open()) {
      fakeSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Locator fakeLocator = Locator.udpV4(InetAddress.getLoopbackAddress(),
          ((InetSocketAddress) fakeSocket.getLocalAddress()).getPort());
      ParticipantData fakeData = new ParticipantData(fake, 0x0110, 1, domain, List.of(fakeLocator), List.of(),
          List.of(fakeLocator), List.of(), 0x3f, Duration.ofSeconds(30), new byte[0], "");
      InetSocketAddress to = a.description().metatrafficUnicast().get(0).toSocketAddress();
      fakeSocket.send(new Spdp(fake).announcement(fakeData), to);
      Eventually.await(WAIT, "the fake participant", () -> a.graph().participant(fake).isPresent());

      Guid writer = new Guid(fake, EntityId.user(7, EntityId.KIND_WRITER_NO_KEY));
      EndpointData announced = EndpointData.of(writer, TOPIC, TYPE, Qos.ROS_DEFAULT);
      fakeSocket.send(sedp(fake, 1, new Data(EntityId.SEDP_PUBLICATIONS_READER, EntityId.SEDP_PUBLICATIONS_WRITER, 1,
          StatusInfo.alive(writer), announced.toPayload(), false)), to);
      Eventually.await(WAIT, "the fake writer", () -> a.graph().writers().containsKey(writer), a.graph()::toString);

      ByteBuffer key = new ParameterListWriter().putGuid(ParameterId.PID_ENDPOINT_GUID, writer).toPayload();
      fakeSocket.send(sedp(fake, 2, new Data(EntityId.SEDP_PUBLICATIONS_READER, EntityId.SEDP_PUBLICATIONS_WRITER, 2,
          StatusInfo.disposed(writer), key, true)), to);
      Eventually.await(WAIT, "the disposed writer dropped", () -> !a.graph().writers().containsKey(writer));
      assertTrue(a.graph().participant(fake).isPresent(), "its participant stays");

      fakeSocket.send(new Spdp(fake).disposal(), to);
      Eventually.await(WAIT, "the disposed participant dropped", () -> a.graph().participant(fake).isEmpty());
    }
  }

  @Test
  void submessagesForAnotherParticipantAreIgnored() throws Exception {
    Participant a = participant();
    GuidPrefix fake = new GuidPrefix(0x0110_7777_0000_0002L, 43);
    ParticipantData fakeData = new ParticipantData(fake, 0x0110, 1, domain, List.of(Locator.udpV4("127.0.0.1", 9)),
        List.of(), List.of(), List.of(), 0x3f, Duration.ofSeconds(30), new byte[0], "");
    InetSocketAddress to = a.description().metatrafficUnicast().get(0).toSocketAddress();
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.send(spdpFor(fake, fakeData, new GuidPrefix(1, 2)), to);
      ch.send(ByteBuffer.wrap(new byte[] {'R', 'T', 'P', 'S', 2, 3, 1, 0x10}), to); // a marker: counted once handled
      Eventually.await(WAIT, "both datagrams handled", () -> a.malformedDatagrams() == 1);
      assertTrue(a.graph().participant(fake).isEmpty(), "INFO_DST named another participant");
      ch.send(spdpFor(fake, fakeData, a.guidPrefix()), to);
      Eventually.await(WAIT, "INFO_DST naming us", () -> a.graph().participant(fake).isPresent());
    }
  }

  private static ByteBuffer spdpFor(GuidPrefix from, ParticipantData data, GuidPrefix destination) {
    MessageBuilder b = new MessageBuilder(from, 8192);
    assertTrue(b.infoDestination(destination));
    assertTrue(b.add(new Data(EntityId.SPDP_READER, EntityId.SPDP_WRITER, 1, StatusInfo.alive(data.guid()),
        data.toPayload(), false)));
    return b.finish();
  }

  private static ByteBuffer sedp(GuidPrefix from, long sn, Data data) {
    MessageBuilder b = new MessageBuilder(from, 8192);
    assertTrue(b.add(data));
    return b.finish();
  }

  @Test
  void aClosedParticipantRefusesNewEndpointsAndFreesItsPorts() {
    Participant a = Participant.start(ParticipantSettings.loopback(domain).withParticipantIndex(4));
    a.close();
    assertThrows(IllegalStateException.class, () -> a.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    Participant again = participant();
    assertEquals(0, again.participantIndex());
    Participant four = keep(Participant.start(ParticipantSettings.loopback(domain).withParticipantIndex(4)));
    assertEquals(4, four.participantIndex());
    a.close(); // twice is harmless
    assertFalse(four.graph().participant(a.guidPrefix()).isPresent());
  }

  @Test
  void compatibleQosVariantsMatch() {
    Participant a = participant();
    Participant b = participant();
    // A reliable writer serves a best-effort reader.
    LocalWriter w = keep(a.createWriter(TOPIC, TYPE, Qos.ROS_DEFAULT));
    LocalReader r = keep(b.createReader(TOPIC, TYPE, Qos.ROS_DEFAULT.withReliability(Reliability.BEST_EFFORT), s -> {}));
    Eventually.await(WAIT, "matched", () -> w.matchedReaders() == 1 && r.matchedWriters() == 1);
    // Another type on the same topic matches nothing and is no incompatibility either.
    RecordingListener events = new RecordingListener();
    keep(a.watch(events)::cancel);
    LocalReader other = keep(b.createReader(TOPIC, "other::Type_", Qos.ROS_DEFAULT, s -> {}));
    Eventually.await(WAIT, "the other reader known", () -> a.graph().readers().containsKey(other.guid()));
    assertEquals(1, w.matchedReaders());
    assertFalse(events.toString().contains("incompatible"), events.toString());
  }
}
