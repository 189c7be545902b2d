package org.pyros.ros.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.pyros.ros.fuzz.FuzzTally;

/**
 * Fuzzes the HTTP request reading of the XML-RPC server (what any peer that connects can send),
 * delivered in pieces of fuzzed sizes as a socket would: any input gives whole requests, a
 * refusal with a status, or the end; never an exception, never a body other than announced, and
 * never a buffer past the header limit or the request's size.
 */
class HttpRequestFuzzTest {
  private static final FuzzTally tally = new FuzzTally("http-request");
  private static final int MAX_BODY = 4096;
  private static final HttpLimits LIMITS = new HttpLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 10, 512, 4096);

  /** Hands out the input {@code piece} bytes at a time, with a "nothing now" between pieces. */
  private static final class Pieces implements ReadableByteChannel {
    private final byte[] data;
    private final int piece;
    private int at;
    private boolean pause;

    Pieces(byte[] data, int piece) {
      this.data = data;
      this.piece = piece;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (at >= data.length) {
        return -1;
      }
      pause = !pause;
      if (!pause) {
        return 0;
      }
      int n = Math.min(Math.min(piece, dst.remaining()), data.length - at);
      dst.put(data, at, n);
      at += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  // No line breaks in entries: libFuzzer's dictionary format cannot hold them.
  @DictionaryEntries({"POST / HTTP/1.1", "GET / HTTP/1.0", "Content-Length: ", "content-length:",
      "Connection: close", "Connection: keep-alive", "Transfer-Encoding: chunked", "HTTP/1.", "POST"})
  @FuzzTest(maxDuration = "8s")
  void readRequests(byte[] input) throws IOException {
    tally.input();
    if (input.length == 0) {
      return;
    }
    HttpConnection.Budget budget = new HttpConnection.Budget(LIMITS.maxBufferedBytes());
    HttpConnection c = new HttpConnection(new Pieces(input, 1 + (input[0] & 0x3f)), LIMITS, MAX_BODY, budget);
    for (int rounds = 0; rounds < 4 * input.length + 10; rounds++) {
      HttpConnection.Read r = c.read(0);
      assertTrue(c.buffered() <= Math.max(2048, LIMITS.maxHeaderBytes() + MAX_BODY + 2048), "buffer of " + c.buffered());
      assertTrue(budget.held() >= 0 && budget.held() <= LIMITS.maxBufferedBytes(), "budget holds " + budget.held());
      if (r instanceof HttpConnection.Read.Complete q) {
        String declared = q.request().headers().get("content-length");
        assertEquals(Long.parseLong(declared), q.request().body().length);
        assertTrue(q.request().body().length <= MAX_BODY);
        assertEquals("POST", q.request().method());
        c.reset(0);
      } else if (r instanceof HttpConnection.Read.Refused f) {
        assertTrue(f.status() >= 400 && f.status() < 600, "status " + f.status());
        tally.refused();
        return;
      } else if (r instanceof HttpConnection.Read.Ended) {
        c.release();
        assertEquals(0, budget.held());
        return;
      }
    }
    throw new AssertionError("the reader made no progress");
  }

  @AfterAll
  static void record() {
    tally.write();
  }
}
