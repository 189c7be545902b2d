package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.qos.Durability;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.NumberSet;
import org.pyros.ros2.rtps.wire.Submessage;
import org.pyros.ros2.rtps.wire.Submessage.AckNack;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Submessage.DataFrag;
import org.pyros.ros2.rtps.wire.Submessage.Gap;
import org.pyros.ros2.rtps.wire.Submessage.Heartbeat;
import org.pyros.ros2.rtps.wire.Submessage.NackFrag;

/** A writer answering a reader played by hand: what it sends, and what it ignores. */
class WriterProtocolTest {
  private static final GuidPrefix REMOTE = new GuidPrefix(0xaaaaL, 1);
  private static final EntityId READER_ID = EntityId.user(3, EntityId.KIND_READER_NO_KEY);
  private static final Guid READER = new Guid(REMOTE, READER_ID);
  private static final long PERIOD = Duration.ofMillis(100).toNanos();

  private CapturingOutbox out;
  private StatefulWriter writer;
  private int acks;
  private int drops;

  @BeforeEach
  void setUp() {
    writer = writer(Qos.ROS_DEFAULT.withHistory(History.keepLast(5)), WriterSettings.DEFAULT.withFragmentSize(1000, 4000));
  }

  private StatefulWriter writer(Qos qos, WriterSettings settings) {
    out = new CapturingOutbox(new GuidPrefix(0xbbbbL, 2));
    return new StatefulWriter(new Guid(out.localPrefix(), EntityId.user(1, EntityId.KIND_WRITER_NO_KEY)), qos,
        settings, out, () -> drops++);
  }

  private void match(Qos readerQos) {
    writer.addReader(new RemoteReader(READER, readerQos, List.of(Locator.udpV4("127.0.0.1", 7411)), List.of(), false));
  }

  private AckNack ack(NumberSet state, int count) {
    return new AckNack(READER_ID, writer.guid().entityId(), state, count, false);
  }

  @Test
  void dataCarriesAFinalHeartbeatAndPeriodicHeartbeatsAskForAnAnswer() {
    writer.onTimer(0);
    match(Qos.ROS_DEFAULT);
    Heartbeat first = out.taken(Heartbeat.class).get(0);
    assertEquals(1, first.firstSn());
    assertEquals(0, first.lastSn(), "nothing written yet: an empty range");
    Fixture.write(writer, 1, 16);
    Data d = out.taken(Data.class).get(0);
    assertEquals(READER_ID, d.readerId());
    assertEquals(1, d.writerSn());
    List<Heartbeat> withData = out.taken(Heartbeat.class);
    Heartbeat piggyback = withData.get(withData.size() - 1);
    assertTrue(piggyback.isFinal());
    assertEquals(1, piggyback.lastSn());
    writer.onTimer(PERIOD / 2);
    assertEquals(List.of(), out.taken(Heartbeat.class), "not due yet");
    writer.onTimer(PERIOD);
    List<Heartbeat> periodics = out.taken(Heartbeat.class);
    Heartbeat periodic = periodics.get(periodics.size() - 1);
    assertFalse(periodic.isFinal());
    assertTrue(periodic.count() > piggyback.count(), "counts increase");
    writer.onAckNack(REMOTE, new AckNack(READER_ID, writer.guid().entityId(), NumberSet.empty(2), ++acks, true));
    assertTrue(writer.acknowledgedByAll());
    writer.onTimer(3 * PERIOD);
    assertEquals(List.of(), out.taken(Heartbeat.class), "everything acknowledged: quiet");
  }

  @Test
  void inABurstOnlyEveryFewSamplesCarryAHeartbeatAndTheFirstAfterATickDoes() {
    writer.onTimer(0);
    match(Qos.ROS_DEFAULT);
    Fixture.write(writer, 1, 16);
    writer.onAckNack(REMOTE, ack(NumberSet.empty(2), ++acks)); // it knows where it starts
    writer.onTimer(PERIOD / 10);
    out.clear();
    List<Boolean> carried = new java.util.ArrayList<>();
    for (int i = 2; i <= 6; i++) {
      Fixture.write(writer, i, 16);
      carried.add(!out.taken(Heartbeat.class).isEmpty());
    }
    // KEEP_LAST 5: every second sample, so the reader hears where the history starts before it turns over.
    assertEquals(List.of(true, false, true, false, true), carried);
    writer.onTimer(2 * PERIOD / 10);
    out.clear();
    Fixture.write(writer, 7, 16);
    assertEquals(1, out.taken(Heartbeat.class).size(), "the first sample after a tick carries one");
  }

  @Test
  void anAckNackExpectingAnAnswerGetsAHeartbeatEvenWhenItAsksForNothing() {
    writer.onTimer(0);
    match(Qos.ROS_DEFAULT);
    out.clear(); // the heartbeat of the match, which a reader that has not discovered us yet drops
    writer.onAckNack(REMOTE, ack(NumberSet.empty(1), ++acks)); // preemptive: nothing received, nothing asked
    List<Heartbeat> answer = out.taken(Heartbeat.class);
    assertEquals(1, answer.size(), "the reader learns where the writer stands before any sample");
    assertEquals(1, answer.get(0).firstSn());
    assertEquals(0, answer.get(0).lastSn());
    assertTrue(answer.get(0).isFinal(), "no answer demanded back: no ping-pong with readers that never set final");
    Fixture.write(writer, 1, 16);
    out.clear();
    writer.onAckNack(REMOTE, new AckNack(READER_ID, writer.guid().entityId(), NumberSet.empty(2), ++acks, true));
    assertEquals(List.of(), out.sent, "a final ACKNACK that asks for nothing gets nothing");
  }

  @Test
  void aReaderIsToldWhereTheWriterStandsUntilItAnswersAHeartbeat() {
    writer.onTimer(0);
    match(Qos.ROS_DEFAULT);
    writer.onAckNack(REMOTE, ack(NumberSet.empty(1), ++acks)); // preemptive; our answer may be lost
    out.clear();
    writer.onTimer(PERIOD);
    assertEquals(1, out.taken(Heartbeat.class).size(), "a preemptive ACKNACK does not prove the reader heard us");
    writer.onAckNack(REMOTE, ack(NumberSet.empty(1), ++acks)); // the answer to that heartbeat
    out.taken(Heartbeat.class);
    writer.onTimer(3 * PERIOD);
    assertEquals(List.of(), out.taken(Heartbeat.class), "in sync and nothing written: quiet");
  }

  @Test
  void ackNacksResendWhatTheyAskForAndRepeatedCountsAreIgnored() {
    match(Qos.ROS_DEFAULT);
    for (int i = 1; i <= 3; i++) {
      Fixture.write(writer, i, 16);
    }
    out.clear();
    writer.onAckNack(REMOTE, ack(NumberSet.of(2, 2), 5)); // has 1, lacks 2
    List<Data> resent = out.taken(Data.class);
    assertEquals(List.of(2L), resent.stream().map(Data::writerSn).toList());
    assertEquals(1, out.taken(Heartbeat.class).size(), "a heartbeat after the repair");
    writer.onAckNack(REMOTE, ack(NumberSet.of(2, 2), 5));
    writer.onAckNack(REMOTE, ack(NumberSet.of(2, 2), 4));
    assertEquals(List.of(), out.sent, "not-newer counts are ignored");
    writer.onAckNack(REMOTE, ack(NumberSet.of(1, 1, 2, 3), 6));
    assertEquals(List.of(2L, 3L), out.taken(Data.class).stream().map(Data::writerSn).toList(),
        "once acknowledged, always acknowledged: 1 is not resent");
  }

  @Test
  void requestsForSamplesNoLongerHeldGetGapsAndNonsenseIsClamped() {
    match(Qos.ROS_DEFAULT);
    for (int i = 1; i <= 8; i++) {
      Fixture.write(writer, i, 16); // KEEP_LAST 5: 4..8 held
    }
    out.clear();
    writer.onAckNack(REMOTE, ack(NumberSet.of(1, 1, 2, 3, 5), ++acks));
    List<Gap> gaps = out.taken(Gap.class);
    assertEquals(1, gaps.size());
    assertEquals(1, gaps.get(0).gapStart());
    assertEquals(4, gaps.get(0).gapList().base(), "[1, 4) irrelevant");
    assertEquals(List.of(5L), out.taken(Data.class).stream().map(Data::writerSn).toList());
    writer.onAckNack(REMOTE, ack(NumberSet.empty(1L << 50), ++acks));
    assertTrue(writer.acknowledgedByAll(), "an ACKNACK beyond the last written acknowledges everything");
  }

  @Test
  void aKeepLastDepthLettingGoOfUnacknowledgedSamplesCountsOnlyThoseAReaderAsksFor() {
    match(Qos.ROS_DEFAULT);
    for (int i = 1; i <= 8; i++) {
      Fixture.write(writer, i, 16); // KEEP_LAST 5: 1..3 let go, never acknowledged
    }
    assertEquals(0, drops, "an unacknowledged sample may have arrived: not a drop yet");
    writer.onAckNack(REMOTE, ack(NumberSet.of(3, 3), ++acks)); // has 1 and 2, lacks 3
    assertEquals(1, drops, "asked for and gone");
    writer.onAckNack(REMOTE, ack(NumberSet.empty(9), ++acks));
    assertEquals(1, drops);
  }

  @Test
  void theByteBoundLettingGoOfUnacknowledgedSamplesCountsOncePerReliableReader() {
    writer = writer(Qos.ROS_DEFAULT.withHistory(History.keepLast(5)),
        WriterSettings.DEFAULT.withFragmentSize(1000, 4000).withLimits(100, 64));
    match(Qos.ROS_DEFAULT);
    writer.addReader(new RemoteReader(new Guid(new GuidPrefix(0xccccL, 1), READER_ID),
        Qos.ROS_DEFAULT.withReliability(Reliability.BEST_EFFORT), List.of(Locator.udpV4("127.0.0.1", 7413)), List.of(),
        false));
    for (int i = 1; i <= 6; i++) {
      Fixture.write(writer, i, 16); // 64 bytes hold 4 samples: 1 and 2 let go
    }
    assertEquals(2, drops, "the reliable reader is owed them; the best-effort one never was");
    writer.onAckNack(REMOTE, ack(NumberSet.empty(7), ++acks));
    Fixture.write(writer, 7, 16);
    assertEquals(2, drops, "acknowledged before it was let go");
  }

  @Test
  void nackFragIsAnsweredWithTheFragmentsAskedFor() {
    match(Qos.ROS_DEFAULT);
    Fixture.write(writer, 1, 10_000);
    List<DataFrag> sent = out.taken(DataFrag.class);
    assertEquals(10, sent.stream().mapToInt(DataFrag::fragmentCount).sum());
    assertTrue(sent.stream().allMatch(f -> f.fragmentCount() == 3 || f.fragmentStart() == 10),
        "as many whole fragments per submessage as a datagram holds: " + sent);
    out.clear();
    writer.onNackFrag(REMOTE, new NackFrag(READER_ID, writer.guid().entityId(), 1, NumberSet.of(2, 2, 3, 7, 200), 1));
    List<DataFrag> resent = out.taken(DataFrag.class);
    assertEquals(List.of("2+2", "7+1"), resent.stream().map(f -> f.fragmentStart() + "+" + f.fragmentCount()).toList());
    assertEquals(1000, resent.get(1).fragments().remaining());
    writer.onNackFrag(REMOTE, new NackFrag(READER_ID, writer.guid().entityId(), 1, NumberSet.of(2, 2), 1));
    assertEquals(List.of(), out.taken(DataFrag.class), "a repeated count is ignored");
  }

  @Test
  void aVolatileLateJoinerIsToldWhereToStart() {
    for (int i = 1; i <= 4; i++) {
      Fixture.write(writer, i, 16);
    }
    match(Qos.ROS_DEFAULT);
    Heartbeat hb = out.taken(Heartbeat.class).get(0);
    assertEquals(5, hb.firstSn());
    assertEquals(4, hb.lastSn());
    writer.onAckNack(REMOTE, ack(NumberSet.of(1, 1, 2), ++acks));
    assertEquals(List.of(), out.taken(Data.class), "samples from before it matched are not its business");
  }

  @Test
  void aTransientLocalLateJoinerIsOfferedTheHistory() {
    writer = writer(Qos.LATCHED.withHistory(History.keepLast(3)), WriterSettings.DEFAULT);
    for (int i = 1; i <= 4; i++) {
      Fixture.write(writer, i, 16);
    }
    match(Qos.LATCHED);
    Heartbeat hb = out.taken(Heartbeat.class).get(0);
    assertEquals(2, hb.firstSn());
    assertEquals(4, hb.lastSn());
    writer.onAckNack(REMOTE, ack(NumberSet.of(2, 2, 3, 4), ++acks));
    assertEquals(List.of(2L, 3L, 4L), out.taken(Data.class).stream().map(Data::writerSn).toList());
  }

  @Test
  void aRemovedReaderIsForgotten() {
    match(Qos.ROS_DEFAULT.withDurability(Durability.VOLATILE));
    Fixture.write(writer, 1, 16);
    writer.removeReader(READER);
    assertEquals(0, writer.matchedReaders());
    out.clear();
    writer.onAckNack(REMOTE, ack(NumberSet.of(1, 1), ++acks));
    writer.onTimer(10 * PERIOD);
    Fixture.write(writer, 2, 16);
    assertEquals(List.of(), out.sent);
    assertTrue(writer.acknowledgedByAll());
  }

  private static List<String> describe(List<Submessage> sent) {
    return sent.stream().map(s -> s instanceof Heartbeat h ? "HB " + h.firstSn() + ".." + h.lastSn()
        : s instanceof Data d ? "DATA " + d.writerSn() : s.getClass().getSimpleName()).toList();
  }

  @Test
  void aVolatileReaderIsToldWhereItStartsBeforeEachSampleUntilItAcknowledgesOne() {
    writer.onTimer(0);
    match(Qos.ROS_DEFAULT);
    out.clear();
    Fixture.write(writer, 1, 16);
    assertEquals(List.of("HB 1..0", "DATA 1", "HB 1..1"), describe(out.sent),
        "a reader that hears no heartbeat before this datagram still starts at 1");
    out.clear();
    writer.onTimer(PERIOD);
    assertEquals(List.of("HB 1..0", "HB 1..1"), describe(out.sent));
    writer.onAckNack(REMOTE, ack(NumberSet.empty(2), ++acks));
    out.clear();
    Fixture.write(writer, 2, 16);
    assertEquals(List.of("DATA 2", "HB 1..2"), describe(out.sent), "it acknowledged 1: it knows");
  }

  @Test
  void aTransientLocalReaderNeedsNoStartHeartbeat() {
    writer = writer(Qos.LATCHED, WriterSettings.DEFAULT);
    match(Qos.LATCHED);
    out.clear();
    Fixture.write(writer, 1, 16);
    assertEquals(List.of("DATA 1", "HB 1..1"), describe(out.sent));
  }
}
