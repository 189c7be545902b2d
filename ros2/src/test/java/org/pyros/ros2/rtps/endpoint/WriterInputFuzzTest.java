package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.pyros.ros2.rtps.qos.Durability;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.NumberSet;
import org.pyros.ros2.rtps.wire.Submessage.AckNack;
import org.pyros.ros2.rtps.wire.Submessage.NackFrag;

/**
 * Fuzzes a writer with whatever a reader could send it, between writes and timer ticks: no
 * exception escapes, its history stays within its limits, and every datagram it sends parses
 * (the capturing outbox parses each one).
 */
class WriterInputFuzzTest {
  private static final GuidPrefix REMOTE = new GuidPrefix(0xaaaaL, 1);
  private static final EntityId READER_ID = EntityId.user(3, EntityId.KIND_READER_NO_KEY);

  @FuzzTest(maxDuration = "8s")
  void feed(FuzzedDataProvider in) {
    Qos qos = Qos.ROS_DEFAULT.withDurability(in.consumeBoolean() ? Durability.TRANSIENT_LOCAL : Durability.VOLATILE)
        .withHistory(in.consumeBoolean() ? History.keepLast(in.consumeInt(1, 20)) : History.keepAll(in.consumeInt(1, 20)));
    CapturingOutbox out = new CapturingOutbox(new GuidPrefix(0xbbbbL, 2));
    WriterSettings settings = WriterSettings.DEFAULT.withFragmentSize(in.consumeInt(1, 3000), 4000).withLimits(20, 200_000);
    StatefulWriter w = new StatefulWriter(new Guid(out.localPrefix(), EntityId.user(1, EntityId.KIND_WRITER_NO_KEY)),
        qos, settings, out);
    w.addReader(new RemoteReader(new Guid(REMOTE, READER_ID), qos, List.of(Locator.udpV4("127.0.0.1", 7411)),
        List.of(), false));
    long now = 0;
    for (int op = 0; op < 200 && in.remainingBytes() > 0; op++) {
      switch (in.consumeInt(0, 3)) {
        case 0 -> Fixture.write(w, op, 4 * in.consumeInt(1, 3000));
        case 1 -> w.onAckNack(REMOTE, new AckNack(READER_ID, w.guid().entityId(), set(in), in.consumeInt(),
            in.consumeBoolean()));
        case 2 -> w.onNackFrag(REMOTE, new NackFrag(READER_ID, w.guid().entityId(),
            in.consumeBoolean() ? in.consumeLong(0, 40) : in.consumeLong(), set(in), in.consumeInt()));
        default -> {
          now += in.consumeLong(0, 1_000_000_000L);
          w.onTimer(now);
        }
      }
      out.clear();
      assertTrue(w.historySize() <= 20);
    }
  }

  private static NumberSet set(FuzzedDataProvider in) {
    long base = in.consumeBoolean() ? in.consumeLong(0, 40) : in.consumeLong();
    int numBits = in.consumeInt(0, NumberSet.MAX_BITS);
    int[] words = new int[(numBits + 31) / 32];
    for (int i = 0; i < words.length; i++) {
      words[i] = in.consumeInt();
    }
    return new NumberSet(base, numBits, words);
  }
}
