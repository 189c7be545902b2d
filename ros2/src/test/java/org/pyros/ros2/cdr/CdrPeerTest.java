package org.pyros.ros2.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.ros2.msg.Ros2Type;
import org.pyros.ros2.msg.Ros2Types;

/**
 * Byte-exact checks of the codec against real peers serializing the same values (see
 * {@link CdrPeer}): Fast CDR, what rmw_fastrtps_cpp serializes ROS 2 messages with, and Cyclone
 * DDS's CDR stream. Each case is encoded by Pyros and compared with the peer's bytes, and the
 * peer's bytes decode to the same message. Cyclone 0.10 has no wstring, so its Mixed lacks one.
 */
class CdrPeerTest {
  static final String INNER = "int8 a\nfloat64 b\nint16[] c\n";
  static final String MIXED = """
      std_msgs/Header header
      bool flag
      int8 small
      float64 big
      Inner[] inners
      Inner[2] pair
      uint8[3] raw
      uint8[] bytes
      string[] names
      string<=5 bounded
      wstring wide
      uint64 u
      float32 f
      float64[<=3] bounded_doubles
      bool[3] flags
      uint16 last
      """;

  private static Map<String, byte[]> peer;
  private static Map<String, byte[]> cyclone;
  private static Ros2Types types;

  @BeforeAll
  static void buildPeers() throws Exception {
    peer = CdrPeer.FAST_CDR.cases();
    cyclone = CdrPeer.CYCLONE.cases();
    types = Ros2Types.bundled();
    types.register("pyros_test/msg/Inner", INNER);
    types.register("pyros_test/msg/Mixed", MIXED);
    types.register("pyros_test/msg/MixedNoWide", MIXED.replace("wstring wide\n", ""));
  }

  private static Message withoutWide(Message m) {
    Message.Builder b = Message.builder(types.messageType("pyros_test/msg/MixedNoWide"));
    for (var f : b.build().type().fields()) {
      b.set(f.name(), m.get(f.name()));
    }
    return b.build();
  }

  private static Message header() {
    Ros2Type h = types.type("std_msgs/msg/Header");
    Message stamp = Message.builder(types.messageType("builtin_interfaces/msg/Time"))
        .set("sec", -5).set("nanosec", 123456789L).build();
    return Message.builder(h.messageType()).set("stamp", stamp).set("frame_id", "base_link").build();
  }

  private static Message inner(int a, double b, List<Integer> c) {
    return Message.builder(types.messageType("pyros_test/msg/Inner")).set("a", a).set("b", b).set("c", c).build();
  }

  private static Message mixed(String wide) {
    return Message.builder(types.messageType("pyros_test/msg/Mixed"))
        .set("header", header())
        .set("flag", true)
        .set("small", -7)
        .set("big", 3.25)
        .set("inners", List.of(inner(1, -0.5, List.of(1, -2, 3)), inner(-128, 1e300, List.of())))
        .set("pair", List.of(inner(2, 2.5, List.of(7)), inner(3, 0.0, List.of(-32768, 32767))))
        .set("raw", new byte[] {9, 8, 7})
        .set("bytes", new byte[] {0, (byte) 255, 16, 32, 64})
        .set("names", List.of("a", "", "three"))
        .set("bounded", "abc")
        .set("wide", wide)
        .set("u", -1L)
        .set("f", -1.5f)
        .set("bounded_doubles", List.of(1.0, 2.0))
        .set("flags", List.of(true, false, true))
        .set("last", 65535)
        .build();
  }

  /** Pyros encodes the message to the peer's bytes, and decodes the peer's bytes to the message. */
  private static void same(String peerCase, String type, Message m) {
    same(peer, peerCase, type, m);
    if (!type.equals("pyros_test/msg/Mixed")) {
      same(cyclone, peerCase, type, m);
    }
  }

  private static void same(Map<String, byte[]> cases, String peerCase, String type, Message m) {
    byte[] expected = cases.get(peerCase);
    CdrCodec codec = CdrCodec.of(types.type(type));
    ByteBuffer encoded = codec.encode(m);
    byte[] ours = new byte[encoded.remaining()];
    encoded.get(ours);
    assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(ours), peerCase + " encoded");
    assertEquals(m, codec.decode(ByteBuffer.wrap(expected)), peerCase + " decoded");
  }

  private static Message string(String s) {
    return Message.builder(types.messageType("std_msgs/msg/String")).set("data", s).build();
  }

  @Test
  void stdMsgsString() {
    same("string_hello", "std_msgs/msg/String", string("hello"));
    same("string_empty", "std_msgs/msg/String", string(""));
    same("string_utf8", "std_msgs/msg/String", string("héllo ✓"));
  }

  @Test
  void bigEndianIsRead() {
    CdrCodec codec = CdrCodec.of(types.type("std_msgs/msg/String"));
    assertEquals(string("héllo ✓"), codec.decode(ByteBuffer.wrap(peer.get("string_utf8_be"))));
    CdrCodec mixed = CdrCodec.of(types.type("pyros_test/msg/Mixed"));
    assertEquals(mixed(""), mixed.decode(ByteBuffer.wrap(peer.get("mixed_be"))));
    CdrWriter w = new CdrWriter(ByteOrder.BIG_ENDIAN, 64);
    mixed.encode(mixed(""), w);
    ByteBuffer be = w.toByteBuffer();
    byte[] ours = new byte[be.remaining()];
    be.get(ours);
    assertEquals(HexFormat.of().formatHex(peer.get("mixed_be")), HexFormat.of().formatHex(ours));
    CdrCodec noWide = CdrCodec.of(types.type("pyros_test/msg/MixedNoWide"));
    assertEquals(withoutWide(mixed("")), noWide.decode(ByteBuffer.wrap(cyclone.get("mixed_be"))));
  }

  @Test
  void stdMsgsHeader() {
    same("header", "std_msgs/msg/Header", header());
  }

  @Test
  void image() {
    Message image = Message.builder(types.messageType("sensor_msgs/msg/Image"))
        .set("header", header()).set("height", 2L).set("width", 3L).set("encoding", "mono8")
        .set("is_bigendian", 0).set("step", 3L)
        .set("data", ByteString.fromArray(new byte[] {1, 2, 3, (byte) 250, (byte) 251, (byte) 252}))
        .build();
    same("image", "sensor_msgs/msg/Image", image);
  }

  @Test
  void nestedArraysFixedArraysBoundedStringAndWstringAlignLikeThePeer() {
    same("mixed", "pyros_test/msg/Mixed", mixed("hé✓"));
    same(cyclone, "mixed", "pyros_test/msg/MixedNoWide", withoutWide(mixed("")));
  }

  @Test
  void defaultMessage() {
    same("mixed_default", "pyros_test/msg/Mixed", types.defaultMessage("pyros_test/msg/Mixed"));
    same(cyclone, "mixed_default", "pyros_test/msg/MixedNoWide", types.defaultMessage("pyros_test/msg/MixedNoWide"));
  }
}
