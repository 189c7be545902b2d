package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.NumberSet;
import org.pyros.ros2.rtps.wire.ReceiveContext;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Submessage.DataFrag;
import org.pyros.ros2.rtps.wire.Submessage.Gap;
import org.pyros.ros2.rtps.wire.Submessage.Heartbeat;
import org.pyros.ros2.rtps.wire.Submessage.HeartbeatFrag;

/**
 * Fuzzes a reader with whatever a writer could send it, in any order: no exception escapes, the
 * memory it holds stays within its limits, what it delivers is in increasing order, and what it
 * answers parses.
 */
class ReaderInputFuzzTest {
  private static final GuidPrefix REMOTE = new GuidPrefix(0xaaaaL, 1);
  private static final EntityId WRITER_ID = EntityId.user(7, EntityId.KIND_WRITER_NO_KEY);
  private static final Guid WRITER = new Guid(REMOTE, WRITER_ID);
  private static final ReaderSettings SETTINGS = ReaderSettings.DEFAULT.withLimits(256 << 10, 512L << 10, 32, 64L << 10);

  @FuzzTest(maxDuration = "8s")
  void feed(FuzzedDataProvider in) {
    boolean reliable = in.consumeBoolean();
    Qos qos = reliable ? Qos.ROS_DEFAULT : Qos.SENSOR_DATA;
    CapturingOutbox out = new CapturingOutbox(new GuidPrefix(0xbbbbL, 2));
    Fixture.Collected got = new Fixture.Collected();
    StatefulReader reader = new StatefulReader(new Guid(out.localPrefix(), EntityId.user(1, EntityId.KIND_READER_NO_KEY)),
        qos, SETTINGS.withAckNackDelay(Duration.ofNanos(in.consumeInt(0, 3))), out, got);
    reader.addWriter(new RemoteWriter(WRITER, qos, List.of(Locator.udpV4("127.0.0.1", 7411)), List.of()));
    ReceiveContext from = new ReceiveContext(REMOTE, GuidPrefix.UNKNOWN, null, 0x0110);
    long now = 0;
    for (int op = 0; op < 200 && in.remainingBytes() > 0; op++) {
      switch (in.consumeInt(0, 5)) {
        case 0 -> reader.onData(from, new Data(EntityId.UNKNOWN, WRITER_ID, sn(in), null,
            in.consumeBoolean() ? null : ByteBuffer.wrap(in.consumeBytes(64)), in.consumeBoolean()));
        case 1 -> {
          long sn = sn(in);
          int start = in.consumeBoolean() ? in.consumeInt(1, 40) : in.consumeInt();
          int count = in.consumeInt(0, 0xffff);
          int fragmentSize = in.consumeBoolean() ? in.consumeInt(1, 2000) : in.consumeInt(0, 0xffff);
          int sampleSize = in.consumeBoolean() ? in.consumeInt(1, 40_000) : in.consumeInt();
          byte[] bytes = in.consumeBytes(in.consumeInt(0, 8000));
          reader.onDataFrag(from, new DataFrag(EntityId.UNKNOWN, WRITER_ID, sn, start, count, fragmentSize,
              sampleSize, null, ByteBuffer.wrap(bytes)));
        }
        case 2 -> reader.onHeartbeat(from, new Heartbeat(EntityId.UNKNOWN, WRITER_ID, sn(in), sn(in), in.consumeInt(),
            in.consumeBoolean(), in.consumeBoolean()));
        case 3 -> reader.onHeartbeatFrag(from, new HeartbeatFrag(EntityId.UNKNOWN, WRITER_ID, sn(in), in.consumeInt(),
            in.consumeInt()));
        case 4 -> {
          int numBits = in.consumeInt(0, NumberSet.MAX_BITS);
          int[] words = new int[(numBits + 31) / 32];
          for (int i = 0; i < words.length; i++) {
            words[i] = in.consumeInt();
          }
          reader.onGap(from, new Gap(EntityId.UNKNOWN, WRITER_ID, sn(in), new NumberSet(sn(in), numBits, words)));
        }
        default -> {
          now += in.consumeLong(0, 1_000_000_000L);
          reader.onTimer(now);
        }
      }
      assertTrue(reader.bytesHeldFor(WRITER) <= SETTINGS.maxReassemblyBytes() + SETTINGS.maxHeldBytes(),
          "bytes held: " + reader.bytesHeldFor(WRITER));
    }
    for (int i = 1; i < got.sns.size(); i++) {
      assertTrue(got.sns.get(i) > got.sns.get(i - 1), "delivered in order: " + got.sns);
    }
    reader.removeWriter(WRITER);
    assertTrue(reader.bytesHeldFor(WRITER) == -1);
  }

  /** Mostly small sequence numbers, so that samples meet; sometimes anything. */
  private static long sn(FuzzedDataProvider in) {
    return in.consumeBoolean() ? in.consumeLong(0, 64) : in.consumeLong();
  }
}
