package org.pyros.ros.tcpros;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.junit.jupiter.api.Test;

class ConnectionHeaderTest {
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  @Test
  void encodesLikeRosgraphAndDecodesItsOutput() throws Exception {
    // rosgraph's own encoder (the reference) gives the expected bytes
    Process p = new ProcessBuilder(RosTestPeer.PYTHON, "-c",
        "import rosgraph.network as n\n"
            + "from collections import OrderedDict\n"
            + "print(n.encode_ros_handshake_header(OrderedDict([('callerid','/talker'),"
            + "('message_definition','string data\\n'),('u','h\u00e9'),('x','a=b=c')])).hex())")
        .redirectErrorStream(true).start();
    String hex;
    try {
      hex = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    } finally {
      p.destroy();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("callerid", "/talker");
    fields.put("message_definition", "string data\n");
    fields.put("u", "h\u00e9"); // field order as rosgraph writes it (it does not keep ours)
    fields.put("x", "a=b=c");
    ByteString rosgraph = ByteString.fromArray(RosTestPeer.hex(hex));
    assertEquals(rosgraph, ConnectionHeader.encode(fields));
    assertEquals(fields, ConnectionHeader.decode(rosgraph));
  }

  @Test
  void roundTripKeepsEmptyValuesAndSplitsAtFirstEquals() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("topic", "/chatter");
    fields.put("empty", "");
    fields.put("eq", "=x=");
    assertEquals(fields, ConnectionHeader.decode(ConnectionHeader.encode(fields)));
  }

  @Test
  void truncatedHeaderIsAnError() {
    ByteString full = ConnectionHeader.encode(Map.of("callerid", "/a"));
    var e = assertThrows(ConnectionHeaderException.class, () -> ConnectionHeader.decode(full.take(full.size() - 2)));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    // body cut inside a field length
    ByteString body = full.drop(4);
    ByteString cut = body.concat(ByteString.fromArray(new byte[] {5, 0}));
    var e2 = assertThrows(ConnectionHeaderException.class, () -> ConnectionHeader.decodeBody(cut));
    assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
  }

  @Test
  void hugeLengthsAreErrors() {
    ByteString hugeField = new ByteStringBuilder().putInt(0x7fffffff, LE).putBytes("a=b".getBytes()).result();
    var e = assertThrows(ConnectionHeaderException.class, () -> ConnectionHeader.decodeBody(hugeField));
    assertTrue(e.getMessage().contains("overruns"), e.getMessage());
    ByteString negative = new ByteStringBuilder().putInt(-1, LE).putBytes("a=b".getBytes()).result();
    assertThrows(ConnectionHeaderException.class, () -> ConnectionHeader.decodeBody(negative));
    ByteString hugeTotal = new ByteStringBuilder().putInt(ConnectionHeader.MAX_HEADER_BYTES + 1, LE).result();
    var e3 = assertThrows(ConnectionHeaderException.class, () -> ConnectionHeader.decode(hugeTotal));
    assertTrue(e3.getMessage().contains("exceeds"), e3.getMessage());
  }

  @Test
  void fieldWithoutEqualsIsAnError() {
    byte[] f = "callerid".getBytes(StandardCharsets.UTF_8);
    ByteString body = new ByteStringBuilder().putInt(f.length, LE).putBytes(f).result();
    var e = assertThrows(ConnectionHeaderException.class, () -> ConnectionHeader.decodeBody(body));
    assertTrue(e.getMessage().contains("without '='"), e.getMessage());
  }

  @Test
  void errorHeaderCarriesTheReason() {
    ByteString h = ConnectionHeader.encodeError("no such topic");
    assertArrayEquals("error=no such topic".getBytes(), h.drop(8).toArray());
    assertEquals(Map.of("error", "no such topic"), ConnectionHeader.decode(h));
  }
}
