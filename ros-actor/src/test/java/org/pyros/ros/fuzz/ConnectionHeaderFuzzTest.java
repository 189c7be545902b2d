package org.pyros.ros.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.pyros.ros.tcpros.ConnectionHeader;
import org.pyros.ros.tcpros.ConnectionHeaderException;

/**
 * Fuzzes the TCPROS connection-header decoder, the first thing read from every TCPROS peer. Any
 * input decodes or is refused with {@link ConnectionHeaderException}; a decoded header whose keys
 * can be sent again must decode to the same fields after our encoder wrote it.
 */
class ConnectionHeaderFuzzTest {
  private static final FuzzTally tally = new FuzzTally("tcpros-connection-header");

  @FuzzTest(maxDuration = "8s")
  void decode(byte[] bytes) {
    tally.input();
    Map<String, String> fields;
    try {
      fields = ConnectionHeader.decode(ByteString.fromArray(bytes));
    } catch (ConnectionHeaderException e) {
      try {
        ConnectionHeader.decodeBody(ByteString.fromArray(bytes));
      } catch (ConnectionHeaderException again) {
        tally.refused();
        return;
      }
      return;
    }
    if (fields.keySet().stream().noneMatch(String::isEmpty)) {
      assertEquals(fields, ConnectionHeader.decode(ConnectionHeader.encode(fields)));
    }
  }

  @AfterAll
  static void record() {
    tally.write();
  }
}
