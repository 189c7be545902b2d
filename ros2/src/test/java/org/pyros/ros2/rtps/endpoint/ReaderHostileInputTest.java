package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.NumberSet;
import org.pyros.ros2.rtps.wire.ReceiveContext;
import org.pyros.ros2.rtps.wire.Submessage.AckNack;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Submessage.DataFrag;
import org.pyros.ros2.rtps.wire.Submessage.Gap;
import org.pyros.ros2.rtps.wire.Submessage.Heartbeat;
import org.pyros.ros2.rtps.wire.Submessage.NackFrag;

/** A reader fed by hand, as a broken or hostile writer would: memory stays bounded and it keeps working. */
class ReaderHostileInputTest {
  private static final GuidPrefix REMOTE = new GuidPrefix(0xaaaaL, 1);
  private static final EntityId WRITER_ID = EntityId.user(7, EntityId.KIND_WRITER_NO_KEY);
  private static final Guid WRITER = new Guid(REMOTE, WRITER_ID);
  private static final ReceiveContext FROM = new ReceiveContext(REMOTE, GuidPrefix.UNKNOWN, null, 0x0110);
  private static final int FS = 1000;
  private static final ReaderSettings SETTINGS = ReaderSettings.DEFAULT.withAckNackDelay(Duration.ZERO)
      .withLimits(1 << 20, 2L << 20, 64, 256L << 10);

  private CapturingOutbox out;
  private Fixture.Collected got;
  private StatefulReader reader;
  private int heartbeats;

  @BeforeEach
  void setUp() {
    reader = reader(Qos.ROS_DEFAULT);
  }

  private StatefulReader reader(Qos qos) {
    out = new CapturingOutbox(new GuidPrefix(0xbbbbL, 2));
    got = new Fixture.Collected();
    StatefulReader r = new StatefulReader(new Guid(out.localPrefix(), EntityId.user(1, EntityId.KIND_READER_NO_KEY)),
        qos, SETTINGS, out, got);
    r.addWriter(new RemoteWriter(WRITER, qos, List.of(Locator.udpV4("127.0.0.1", 7411)), List.of()));
    out.clear();
    return r;
  }

  private void data(long sn, int size) {
    reader.onData(FROM, new Data(EntityId.UNKNOWN, WRITER_ID, sn, null, Fixture.payload(sn, size), false));
  }

  private static DataFrag frag(long sn, int start, int count, int sampleSize, ByteBuffer sample) {
    int from = (start - 1) * FS;
    int to = Math.min(sampleSize, from + count * FS);
    ByteBuffer bytes = sample == null ? ByteBuffer.allocate(to - from) : sample.duplicate().position(from).limit(to);
    return new DataFrag(EntityId.UNKNOWN, WRITER_ID, sn, start, count, FS, sampleSize, null, bytes.slice());
  }

  private void heartbeat(long first, long last, boolean isFinal) {
    reader.onHeartbeat(FROM, new Heartbeat(EntityId.UNKNOWN, WRITER_ID, first, last, ++heartbeats, isFinal, false));
  }

  private void fragmented(long sn, int size) {
    ByteBuffer sample = Fixture.payload(sn, size);
    int n = (size + FS - 1) / FS;
    for (int f = 1; f <= n; f += 3) {
      reader.onDataFrag(FROM, frag(sn, f, Math.min(3, n - f + 1), size, sample));
    }
  }

  @Test
  void aClaimedFourGigabyteSampleCostsNothingAndIsSkipped() {
    reader.onDataFrag(FROM, new DataFrag(EntityId.UNKNOWN, WRITER_ID, 1, 1, 1, FS, -1, null,
        ByteBuffer.allocate(FS))); // sampleSize 0xffffffff
    reader.onDataFrag(FROM, frag(2, 1, 1, Integer.MAX_VALUE, null));
    assertTrue(reader.bytesHeldFor(WRITER) < 1000, "nothing allocated: " + reader.bytesHeldFor(WRITER));
    data(3, 16);
    assertEquals(List.of(3L), got.sns, "the reader moved past what it will never accept");
  }

  @Test
  void inconsistentFragmentsDropTheSampleWhichCanStillArriveWhole() {
    ByteBuffer sample = Fixture.payload(1, 5000);
    reader.onDataFrag(FROM, frag(1, 1, 1, 5000, sample));
    assertTrue(reader.bytesHeldFor(WRITER) >= 5000);
    reader.onDataFrag(FROM, frag(1, 2, 1, 6000, Fixture.payload(1, 6000))); // another sample size
    assertEquals(0, reader.bytesHeldFor(WRITER), "dropped");
    reader.onDataFrag(FROM, frag(1, 1, 1, 5000, sample));
    reader.onDataFrag(FROM, new DataFrag(EntityId.UNKNOWN, WRITER_ID, 1, 2, 1, 999, 5000, null,
        ByteBuffer.allocate(999))); // another fragment size
    assertEquals(0, reader.bytesHeldFor(WRITER), "dropped");
    reader.onDataFrag(FROM, frag(1, 1, 1, 5000, sample));
    reader.onDataFrag(FROM, new DataFrag(EntityId.UNKNOWN, WRITER_ID, 1, 9, 1, FS, 5000, null,
        ByteBuffer.allocate(FS))); // beyond the sample
    assertEquals(0, reader.bytesHeldFor(WRITER), "dropped");
    reader.onDataFrag(FROM, new DataFrag(EntityId.UNKNOWN, WRITER_ID, 1, 1, 2, FS, 5000, null,
        ByteBuffer.allocate(10))); // fewer bytes than its fragments
    assertEquals(0, got.count());
    // Retransmissions that overlap what arrived (other fragment groupings) are fine.
    reader.onDataFrag(FROM, frag(1, 1, 2, 5000, sample));
    reader.onDataFrag(FROM, frag(1, 2, 2, 5000, sample));
    reader.onDataFrag(FROM, frag(1, 2, 2, 5000, sample));
    reader.onDataFrag(FROM, frag(1, 4, 2, 5000, sample));
    assertEquals(List.of(1L), got.sns);
    got.assertPayload(0, 1, 5000);
    assertEquals(0, reader.bytesHeldFor(WRITER));
  }

  @Test
  void samplesThatNeverCompleteStayWithinTheReassemblyLimit() {
    for (long sn = 1; sn <= 1000; sn++) {
      reader.onDataFrag(FROM, frag(sn, 1, 1, 100_000, null));
      assertTrue(reader.bytesHeldFor(WRITER) <= SETTINGS.maxReassemblyBytes() + SETTINGS.maxHeldBytes());
    }
    reader.onGap(FROM, new Gap(EntityId.UNKNOWN, WRITER_ID, 1, NumberSet.empty(1001)));
    assertEquals(0, reader.bytesHeldFor(WRITER), "a GAP frees them");
    fragmented(1001, 20_000);
    data(1002, 8);
    assertEquals(List.of(1001L, 1002L), got.sns);
    got.assertPayload(0, 1001, 20_000);
  }

  @Test
  void bestEffortDropsAnIncompleteSampleWhenANewerOneCompletes() {
    reader = reader(Qos.SENSOR_DATA);
    reader.onDataFrag(FROM, frag(1, 1, 1, 50_000, null));
    for (long sn = 2; sn <= 500; sn++) {
      reader.onDataFrag(FROM, frag(sn, 1, 1, 100_000, null));
      assertTrue(reader.bytesHeldFor(WRITER) <= SETTINGS.maxReassemblyBytes());
    }
    fragmented(501, 5000);
    assertEquals(List.of(501L), got.sns);
    assertEquals(0, reader.bytesHeldFor(WRITER));
  }

  @Test
  void hugeSequenceJumpsCostBoundedMemoryAndAckNacksStayInTheWindow() {
    long far = 1L << 60;
    for (long i = 0; i < 1000; i++) {
      data(far + i, 1000);
    }
    assertTrue(reader.bytesHeldFor(WRITER) <= SETTINGS.maxHeldBytes(), "held: " + reader.bytesHeldFor(WRITER));
    assertTrue(out.taken(AckNack.class).size() <= 1, "a full hold asks once, not once per sample dropped");
    heartbeat(1, far + 999, false);
    List<AckNack> acks = out.taken(AckNack.class);
    assertEquals(1, acks.size());
    NumberSet state = acks.get(0).readerSnState();
    assertEquals(1, state.base());
    assertEquals(NumberSet.MAX_BITS, state.numBits(), "asks for the first 256 it lacks");
    for (long sn = 1; sn <= 300; sn++) {
      data(sn, 8);
    }
    assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), got.sns, "and keeps working");
    heartbeat(far, far + 999, true); // the writer no longer has 301..far-1
    assertEquals(300 + 64, got.count(), "the held ones, in order, once the numbers before them are skipped");
    assertEquals(far + 63, got.sns.get(got.count() - 1));
  }

  @Test
  void heartbeatsAreAnsweredPerTheFinalFlagAndOldCountsIgnored() {
    data(1, 8);
    heartbeat(1, 1, true);
    assertEquals(List.of(), out.taken(AckNack.class), "final and nothing missing: no answer");
    heartbeat(1, 1, false);
    List<AckNack> acks = out.taken(AckNack.class);
    assertEquals(1, acks.size(), "not final: always an answer");
    assertEquals(2, acks.get(0).readerSnState().base());
    assertTrue(acks.get(0).readerSnState().isEmpty());
    reader.onHeartbeat(FROM, new Heartbeat(EntityId.UNKNOWN, WRITER_ID, 1, 1, heartbeats, false, false));
    assertEquals(List.of(), out.taken(AckNack.class), "a repeated count is ignored");
    heartbeat(1, 3, true);
    acks = out.taken(AckNack.class);
    assertEquals(1, acks.size(), "final but something missing");
    assertEquals(NumberSet.of(2, 2, 3), acks.get(0).readerSnState());
    reader.onHeartbeat(FROM, new Heartbeat(EntityId.UNKNOWN, WRITER_ID, 0, 5, ++heartbeats, false, false));
    reader.onHeartbeat(FROM, new Heartbeat(EntityId.UNKNOWN, WRITER_ID, 5, 3, ++heartbeats, false, false));
    assertEquals(List.of(), out.taken(AckNack.class), "nonsense ranges are ignored");
  }

  @Test
  void nackFragAsksForTheMissingFragmentsOfAnAvailableSample() {
    ByteBuffer sample = Fixture.payload(1, 10_000);
    reader.onDataFrag(FROM, frag(1, 1, 3, 10_000, sample));
    reader.onDataFrag(FROM, frag(1, 7, 2, 10_000, sample));
    heartbeat(1, 1, true);
    List<NackFrag> nacks = out.taken(NackFrag.class);
    assertEquals(1, nacks.size());
    assertEquals(NumberSet.of(4, 4, 5, 6, 9, 10), nacks.get(0).fragmentNumberState());
    assertTrue(out.taken(AckNack.class).get(0).readerSnState().isEmpty(), "the sample itself is not asked for whole");
    reader.onDataFrag(FROM, frag(1, 4, 3, 10_000, sample));
    reader.onDataFrag(FROM, frag(1, 9, 2, 10_000, sample));
    assertEquals(List.of(1L), got.sns);
    got.assertPayload(0, 1, 10_000);
  }

  @Test
  void aRemovedWritersStateIsFreedAndItsSamplesIgnored() {
    data(5, 1000);
    reader.onDataFrag(FROM, frag(6, 1, 1, 50_000, null));
    assertTrue(reader.bytesHeldFor(WRITER) > 50_000);
    reader.removeWriter(WRITER);
    assertEquals(-1, reader.bytesHeldFor(WRITER));
    assertEquals(0, reader.matchedWriters());
    data(1, 8);
    heartbeat(1, 10, false);
    assertEquals(0, got.count());
    assertEquals(List.of(), out.sent, "nothing answered to an unmatched writer");
  }

  @Test
  void samplesForAnotherReaderOrFromAnotherWriterAreIgnored() {
    reader.onData(FROM, new Data(EntityId.user(99, EntityId.KIND_READER_NO_KEY), WRITER_ID, 1, null,
        Fixture.payload(1, 8), false));
    reader.onData(new ReceiveContext(new GuidPrefix(0xccccL, 3), GuidPrefix.UNKNOWN, null, 0), new Data(
        EntityId.UNKNOWN, WRITER_ID, 1, null, Fixture.payload(1, 8), false));
    assertEquals(0, got.count());
    data(1, 8);
    assertEquals(List.of(1L), got.sns);
  }
}
