package org.pyros.ros.tcpros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.pyros.ros.fuzz.FuzzTally;

/**
 * Fuzzes the service client's frame decoder with arbitrary bytes cut into arbitrary chunks,
 * against a plain reference parser written from the wire format (uint32 LE length + body; the
 * first frame is the header, limited to 1 MiB; each later frame, a response, has an ok byte
 * before it).
 * The decoder must emit exactly the reference's frames, then complete when the input ended on a
 * frame boundary or fail with a {@link TcprosException}; never anything else, never hang.
 */
class FrameDecoderFuzzTest {
  private static final FuzzTally tally = new FuzzTally("tcpros-frame-decoder");
  private static ActorSystem system;
  private static Materializer mat;

  private static synchronized Materializer mat() {
    if (system == null) {
      system = ActorSystem.create("frame-decoder-fuzz",
          com.typesafe.config.ConfigFactory.parseString("pekko.loglevel = ERROR\npekko.stdout-loglevel = OFF"));
      mat = Materializer.matFromSystem(system);
    }
    return mat;
  }

  @FuzzTest(maxDuration = "8s")
  void decode(FuzzedDataProvider data) throws Exception {
    tally.input();
    int maxFrame = data.consumeInt(0, 64);
    List<ByteString> chunks = new ArrayList<>();
    int chunkCount = data.consumeInt(1, 8);
    for (int i = 0; i < chunkCount - 1; i++) {
      chunks.add(ByteString.fromArray(data.consumeBytes(data.consumeInt(0, 32))));
    }
    chunks.add(ByteString.fromArray(data.consumeRemainingAsBytes()));
    ByteString all = ByteString.emptyByteString();
    for (ByteString c : chunks) {
      all = all.concat(c);
    }
    Reference expected = Reference.parse(all.toArray(), maxFrame);

    FrameDecoder decoder = FrameDecoder.serviceResponses(maxFrame);
    List<ByteString> got = new ArrayList<>();
    Throwable failure = null;
    try {
      Source.from(chunks).via(decoder).runWith(Sink.foreach(got::add), mat())
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | CompletionException e) {
      failure = e.getCause();
    }
    assertEquals(expected.frames(), got);
    if (expected.error()) {
      assertTrue(failure instanceof TcprosException, () -> "expected a TcprosException, got " + got);
      tally.refused();
    } else if (failure != null) {
      throw new AssertionError("decoder failed on a well-formed stream", failure);
    }
  }

  @AfterAll
  static void record() {
    tally.write();
    if (system != null) {
      system.terminate();
    }
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
