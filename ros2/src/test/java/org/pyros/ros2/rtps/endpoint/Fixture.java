package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.Timestamp;

/** Writers and readers on a {@link TestNetwork}, and payloads whose bytes tell which sample they are. */
final class Fixture {
  static final long MS = 1_000_000L;

  private Fixture() {}

  static StatefulWriter writer(TestNetwork.Node n, int key, Qos qos, WriterSettings settings) {
    Guid g = new Guid(n.prefix, EntityId.user(key, EntityId.KIND_WRITER_NO_KEY));
    StatefulWriter w = new StatefulWriter(g, qos, settings, n);
    n.writers.put(g.entityId(), w);
    return w;
  }

  static Collected reader(TestNetwork.Node n, int key, Qos qos, ReaderSettings settings) {
    Guid g = new Guid(n.prefix, EntityId.user(key, EntityId.KIND_READER_NO_KEY));
    Collected c = new Collected();
    c.reader = new StatefulReader(g, qos, settings, n, c);
    n.readers.put(g.entityId(), c.reader);
    return c;
  }

  static void match(StatefulWriter w, TestNetwork.Node writerNode, Collected r, TestNetwork.Node readerNode) {
    w.addReader(new RemoteReader(r.reader.guid(), r.reader.qos(), List.of(readerNode.locator), List.of(), false));
    r.reader.addWriter(new RemoteWriter(w.guid(), w.qos(), List.of(writerNode.locator), List.of()));
  }

  /** A payload of {@code size} bytes (a multiple of 4): CDR_LE encapsulation header, then bytes from {@code id}. */
  static ByteBuffer payload(long id, int size) {
    byte[] b = new byte[size];
    b[1] = 1;
    long x = id * 0x9E3779B97F4A7C15L + size;
    for (int i = 4; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b[i] = (byte) x;
    }
    return ByteBuffer.wrap(b);
  }

  static long write(StatefulWriter w, long id, int size) {
    return w.write(payload(id, size), ParameterList.EMPTY, new Timestamp(1000 + (int) id, 0));
  }

  /** A listener that keeps what it got: sequence numbers and payload bytes. */
  static final class Collected implements SampleListener {
    StatefulReader reader;
    final List<Long> sns = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();
    final List<Timestamp> timestamps = new ArrayList<>();

    @Override
    public synchronized void onSample(Sample s) {
      sns.add(s.sequenceNumber());
      byte[] b = new byte[s.payload().remaining()];
      s.payload().duplicate().get(b);
      payloads.add(b);
      timestamps.add(s.sourceTimestamp());
    }

    synchronized int count() {
      return sns.size();
    }

    /** Asserts sample i carries the payload {@link #payload(long, int)} of (id, size). */
    synchronized void assertPayload(int i, long id, int size) {
      byte[] expected = payload(id, size).array();
      assertEquals(size, payloads.get(i).length, "size of sample " + sns.get(i));
      assertArrayEquals(expected, payloads.get(i), "bytes of sample " + sns.get(i));
    }
  }
}
