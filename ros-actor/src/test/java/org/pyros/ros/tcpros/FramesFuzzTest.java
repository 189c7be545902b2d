package org.pyros.ros.tcpros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.pyros.ros.fuzz.FuzzTally;

/**
 * Fuzzes TCPROS framing as a service client reads a server (a header, then responses of an ok
 * byte and a frame) with arbitrary bytes handed out in arbitrary read sizes and arbitrary
 * up-front sizes, against a plain reference parser written from the wire format (uint32 LE
 * length + body; the header limited to 1 MiB, a response to a small frame limit). The reader
 * must return exactly the reference's frames, then end at a frame boundary or fail with an
 * {@link EOFException} or a {@link TcprosException}; never anything else.
 */
class FramesFuzzTest {
  private static final FuzzTally tally = new FuzzTally("tcpros-frames");

  @FuzzTest(maxDuration = "8s")
  void read(FuzzedDataProvider data) throws Exception {
    tally.input();
    int maxFrame = data.consumeInt(0, 64);
    int upFront = data.consumeInt(1, 16);
    int readSize = data.consumeInt(1, 32);
    byte[] all = data.consumeRemainingAsBytes();
    Reference expected = Reference.parse(all, maxFrame);

    InputStream in = new ByteArrayInputStream(all) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, readSize)); // as a socket hands out what has come
      }
    };
    List<ByteString> got = new ArrayList<>();
    Exception failure = null;
    try {
      got.add(ByteString.fromArray(Frames.read(in, ConnectionHeader.MAX_HEADER_BYTES, upFront, "header", "fuzz")));
      for (int ok = in.read(); ok >= 0; ok = in.read()) {
        byte[] body = Frames.read(in, maxFrame, upFront, "response", "fuzz");
        got.add(ByteString.fromArray(new byte[] {(byte) ok}).concat(ByteString.fromArray(body)));
      }
    } catch (EOFException | TcprosException e) {
      failure = e;
    }
    if (all.length == 0) {
      assertTrue(failure instanceof EOFException, "an empty stream has no header");
      return;
    }
    assertEquals(expected.frames(), got);
    if (expected.error()) {
      assertTrue(failure != null, () -> "expected a failure, got " + got);
      tally.refused();
    } else if (failure != null) {
      throw new AssertionError("reader failed on a well-formed stream", failure);
    }
  }

  @AfterAll
  static void record() throws IOException {
    tally.write();
  }

  /** The wire format, read the obvious way. */
  record Reference(List<ByteString> frames, boolean error) {
    static Reference parse(byte[] b, long maxFrame) {
      List<ByteString> frames = new ArrayList<>();
      int pos = 0;
      boolean header = true;
      while (pos < b.length) {
        int prefix = header ? 0 : 1;
        if (b.length - pos < prefix + 4) {
          return new Reference(frames, true); // truncated length
        }
        long len = (b[pos + prefix] & 0xffL) | (b[pos + prefix + 1] & 0xffL) << 8
            | (b[pos + prefix + 2] & 0xffL) << 16 | (b[pos + prefix + 3] & 0xffL) << 24;
        if (len > (header ? ConnectionHeader.MAX_HEADER_BYTES : maxFrame)) {
          return new Reference(frames, true); // refused before reading the body
        }
        if (b.length - pos - prefix - 4 < len) {
          return new Reference(frames, true); // truncated body
        }
        ByteString body = ByteString.fromArray(b, pos + prefix + 4, (int) len);
        frames.add(prefix == 0 ? body : ByteString.fromArray(b, pos, 1).concat(body));
        pos += prefix + 4 + (int) len;
        header = false;
      }
      return new Reference(frames, false);
    }
  }
}
