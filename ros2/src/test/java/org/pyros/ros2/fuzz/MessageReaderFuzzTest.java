package org.pyros.ros2.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.MessageBuilder;
import org.pyros.ros2.rtps.wire.MessageReader;
import org.pyros.ros2.rtps.wire.ParsedMessage;
import org.pyros.ros2.rtps.wire.Received;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.rtps.wire.Submessage;
import org.pyros.ros2.rtps.wire.Submessage.Data;

/**
 * Fuzzes the RTPS message reader, the first code every received datagram meets. Any bytes parse
 * or are refused with {@link RtpsFormatException} (nothing else escapes); what parses is written
 * again by {@link MessageBuilder} and parses to equal submessages (a payload of odd length comes
 * back padded to 4, its padding counted in its encapsulation options).
 */
class MessageReaderFuzzTest {
  private static final FuzzTally tally = new FuzzTally("rtps-message-reader");
  /** One builder for every input, as a sender keeps one: its direct buffer is not garbage per input. */
  private static final MessageBuilder builder = new MessageBuilder(GuidPrefix.UNKNOWN, 65507);

  @FuzzTest(maxDuration = "8s")
  void parse(byte[] bytes) {
    tally.input();
    ParsedMessage m;
    try {
      m = MessageReader.parse(ByteBuffer.wrap(bytes));
    } catch (RtpsFormatException e) {
      tally.refused();
      return;
    }
    if (m.error() != null) {
      tally.refused();
    }
    List<Submessage> read = m.submessages().stream().map(Received::submessage).toList();
    MessageBuilder b = builder;
    b.reset();
    for (Submessage s : read) {
      assertTrue(b.add(s), "the builder takes what the reader read: " + s);
    }
    ParsedMessage again = MessageReader.parse(b.finish());
    assertNull(again.error());
    assertEquals(read.size(), again.submessages().size());
    for (int i = 0; i < read.size(); i++) {
      assertSame(read.get(i), again.submessages().get(i).submessage());
    }
  }

  private static void assertSame(Submessage original, Submessage again) {
    if (original instanceof Data d && d.payload() != null && d.payload().remaining() % 4 != 0) {
      Data a = (Data) again;
      assertEquals(new Data(d.readerId(), d.writerId(), d.writerSn(), d.inlineQos(), null, d.keyOnly()),
          new Data(a.readerId(), a.writerId(), a.writerSn(), a.inlineQos(), null, a.keyOnly()));
      ByteBuffer p = d.payload();
      ByteBuffer q = a.payload();
      int n = p.remaining();
      assertEquals((n + 3) & ~3, q.remaining());
      for (int i = 0; i < q.remaining(); i++) {
        int expected = i < n ? p.get(i) : 0;
        if (i == 3 && n >= 4 && (expected & 3) == 0) {
          expected |= ((n + 3) & ~3) - n; // the padding, counted in the options
        }
        assertEquals((byte) expected, q.get(i), "payload byte " + i);
      }
      return;
    }
    assertEquals(original, again);
  }

  @AfterAll
  static void record() {
    tally.write();
  }
}
