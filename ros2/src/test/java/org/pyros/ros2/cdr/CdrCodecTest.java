package org.pyros.ros2.cdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.StandardTypes;
import org.pyros.ros2.msg.Ros2Type;
import org.pyros.ros2.msg.Ros2Types;

class CdrCodecTest {
  private final Ros2Types types = Ros2Types.bundled();

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  private CdrCodec codec(String name, String text) {
    return CdrCodec.of(types.register(name, text));
  }

  private static MessageFormatException refused(CdrCodec c, byte[] payload) {
    return assertThrows(MessageFormatException.class, () -> c.decode(ByteBuffer.wrap(payload)));
  }

  @Test
  void everyBundledTypeRoundTripsItsDefaultAndRandomMessages() {
    List<Ros2Type> all = new ArrayList<>();
    for (String name : Ros2Types.bundledNames()) {
      if (name.contains("/srv/")) {
        all.add(types.service(name).request());
        all.add(types.service(name).response());
      } else {
        all.add(types.type(name));
      }
    }
    RandomMessages random = new RandomMessages(42);
    for (Ros2Type t : all) {
      CdrCodec c = CdrCodec.of(t);
      List<Message> messages = new ArrayList<>(List.of(t.defaultMessage()));
      for (int i = 0; i < 20; i++) {
        messages.add(random.of(t));
      }
      for (Message m : messages) {
        ByteBuffer encoded = c.encode(m);
        Message back = c.decode(encoded);
        assertEquals(m, back, t.name());
        assertArrayEquals(bytes(encoded), bytes(c.encode(back)), t.name());
        // The path of received samples: immutable bytes in, byte arrays shared rather than copied.
        ByteString immutable = c.encodeToByteString(m);
        assertArrayEquals(bytes(encoded), immutable.toArray(), t.name());
        assertEquals(m, c.decode(immutable), t.name());
      }
    }
  }

  @Test
  void encodingStartsWithTheCdrLeHeaderAndAlignsFromItsEnd() {
    CdrCodec c = codec("pyros_test/msg/Align", "uint8 a\nfloat64 b\nuint8 c\nuint16 d\nuint8 e\nint32 f\n");
    Message m = Message.builder(c.type().messageType()).set("a", 1).set("b", 2.0).set("c", 3).set("d", 4)
        .set("e", 5).set("f", 6).build();
    String expected = "00010000" + "01000000 00000000" + "0000000000000040" + "03 00 0400" + "05 000000" + "06000000";
    assertEquals(expected.replace(" ", ""), HexFormat.of().formatHex(bytes(c.encode(m))));
  }

  @Test
  void readOnlyDirectBuffersDecode() {
    CdrCodec c = CdrCodec.of(types.type("std_msgs/msg/String"));
    byte[] payload = bytes(c.encode(Message.builder(c.type().messageType()).set("data", "hi").build()));
    ByteBuffer direct = ByteBuffer.allocateDirect(payload.length + 3);
    direct.put(new byte[] {9, 9, 9}).put(payload).position(3);
    assertEquals("hi", c.decode(direct.asReadOnlyBuffer()).getString("data"));
    assertEquals(3, direct.position());
  }

  @Test
  void trailingPaddingIsIgnored() {
    CdrCodec c = CdrCodec.of(types.type("std_msgs/msg/String"));
    assertEquals("hi", c.decode(ByteBuffer.wrap(hex("00010000 03000000 686900 00"))).getString("data"));
  }

  @Test
  void everyTruncationIsRefused() {
    // The encoding ends with the last field's last byte, so every shorter prefix lacks some field.
    Ros2Type t = types.type("sensor_msgs/msg/JointState");
    CdrCodec c = CdrCodec.of(t);
    byte[] full = bytes(c.encode(new RandomMessages(7).of(t)));
    for (int n = 0; n < full.length; n++) {
      refused(c, java.util.Arrays.copyOf(full, n));
    }
  }

  @Test
  void badEncapsulationIsRefused() {
    CdrCodec c = CdrCodec.of(types.type("std_msgs/msg/String"));
    assertTrue(refused(c, hex("0001")).getMessage().contains("encapsulation"));
    assertTrue(refused(c, hex("00020000 01000000 00")).getMessage().contains("not plain CDR"));
    assertTrue(refused(c, hex("00070000 01000000 00")).getMessage().contains("not plain CDR"));
  }

  @Test
  void badBoolIsRefusedNamingTheField() {
    CdrCodec c = codec("pyros_test/msg/Flags", "int32 x\nbool[2] flags\n");
    MessageFormatException e = refused(c, hex("00010000 01000000 01 02"));
    assertEquals("flags[1]", e.fieldPath());
    assertTrue(e.getMessage().contains("neither 0 nor 1"), e.getMessage());
  }

  @Test
  void badStringsAreRefused() {
    CdrCodec c = CdrCodec.of(types.type("std_msgs/msg/String"));
    assertTrue(refused(c, hex("00010000 03000000 686969")).getMessage().contains("NUL"));
    assertTrue(refused(c, hex("00010000 09000000 686900")).getMessage().contains("larger than"));
    assertTrue(refused(c, hex("00010000 00000000")).getMessage().contains("length 0"));
    assertTrue(refused(c, hex("00010000 ffffffff 00")).getMessage().contains("larger than"));
  }

  @Test
  void invalidUtf8BecomesReplacementCharactersAsForRos1() {
    CdrCodec c = CdrCodec.of(types.type("std_msgs/msg/String"));
    assertEquals("a\uFFFDb", c.decode(ByteBuffer.wrap(hex("00010000 04000000 61ff6200"))).getString("data"));
  }

  @Test
  void aBoundedStringMustFitItsBoundOnceInvalidBytesAreReplaced() {
    CdrCodec c = codec("pyros_test/msg/Short", "string<=3 s\n");
    // 3 bytes, 2 of them invalid: "a" and two U+FFFD would be 7 bytes, past the bound.
    MessageFormatException e = refused(c, hex("00010000 04000000 61a19c00"));
    assertEquals("s", e.fieldPath());
    assertEquals("a\u00e9", c.decode(ByteBuffer.wrap(hex("00010000 04000000 61c3a900"))).getString("s"));
  }

  @Test
  void hugeCountsAreRefusedBeforeAllocating() {
    for (String text : List.of("float64[] x", "string[] x", "uint8[] x", "geometry_msgs/Point[] x", "wstring x",
        "std_msgs/Empty[] x")) {
      CdrCodec c = codec("pyros_test/msg/Huge", text);
      MessageFormatException e = refused(c, hex("00010000 ffffff7f"));
      assertEquals("x", e.fieldPath(), text);
      assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
      refused(c, hex("00010000 ffffffff"));
    }
  }

  @Test
  void hugeFixedArraysInATypeDoNotOverflowTheSizeCheck() {
    codec("pyros_test/msg/Block", "float64[2000000000] values\n");
    CdrCodec c = codec("pyros_test/msg/Blocks", "Block[] blocks\nBlock[2000000000] fixed\n");
    assertTrue(c.minSize() > 0);
    assertEquals("blocks", refused(c, hex("00010000 02000000")).fieldPath());
  }

  @Test
  void deepFailuresNameTheWholePath() {
    codec("pyros_test/msg/In", "int16[] c\n");
    CdrCodec c = codec("pyros_test/msg/Out", "In[] inners\n");
    MessageFormatException e = refused(c, hex("00010000 02000000 01000000 0700 0000 05000000 0100"));
    assertEquals("inners[1].c", e.fieldPath());
  }

  @Test
  void boundsAreEnforcedBothWays() {
    CdrCodec loose = codec("pyros_test/msg/Loose", "string s\nint32[] v\nwstring w\n");
    CdrCodec strict = codec("pyros_test/msg/Strict", "string<=3 s\nint32[<=2] v\nwstring<=2 w\n");
    Message ok = Message.builder(loose.type().messageType()).set("s", "abc").set("v", List.of(1, 2)).set("w", "xy").build();
    Message strictOk = strict.decode(loose.encode(ok));
    assertEquals(List.of(1, 2), strictOk.getList("v"));
    for (Object[] bad : new Object[][] {{"s", "abcd"}, {"v", List.of(1, 2, 3)}, {"w", "xyz"}}) {
      Message m = ok.with((String) bad[0], bad[1]);
      MessageFormatException d = refused(strict, bytes(loose.encode(m)));
      assertEquals(bad[0], d.fieldPath());
      assertTrue(d.getMessage().contains("bound"), d.getMessage());
      Message tooBig = Message.ofTrusted(strict.type().messageType(),
          new Object[] {m.get("s"), m.get("v"), m.get("w")});
      MessageFormatException en = assertThrows(MessageFormatException.class, () -> strict.encode(tooBig));
      assertEquals(bad[0], en.fieldPath());
    }
    CdrCodec bytesBound = codec("pyros_test/msg/RawBound", "uint8[<=2] raw\n");
    Message three = Message.ofTrusted(bytesBound.type().messageType(), new Object[] {ByteString.fromArray(new byte[3])});
    assertThrows(MessageFormatException.class, () -> bytesBound.encode(three));
    assertTrue(refused(bytesBound, hex("00010000 03000000 010203")).getMessage().contains("bound"));
  }

  @Test
  void encodingChecksFixedLengthsAndTypes() {
    CdrCodec c = codec("pyros_test/msg/Fixed", "float64[3] v\nuint8[2] raw\ngeometry_msgs/Point p\n");
    MessageType t = c.type().messageType();
    Message good = t.defaultMessage();
    assertEquals("v", assertThrows(MessageFormatException.class, () -> c.encode(Message.ofTrusted(t,
        new Object[] {List.of(1.0), good.get("raw"), good.get("p")}))).fieldPath());
    assertEquals("raw", assertThrows(MessageFormatException.class, () -> c.encode(Message.ofTrusted(t,
        new Object[] {good.get("v"), ByteString.emptyByteString(), good.get("p")}))).fieldPath());
    assertEquals("p", assertThrows(MessageFormatException.class, () -> c.encode(Message.ofTrusted(t,
        new Object[] {good.get("v"), good.get("raw"), types.defaultMessage("std_msgs/msg/String")}))).fieldPath());
    assertEquals("v[1]", assertThrows(MessageFormatException.class, () -> c.encode(Message.ofTrusted(t,
        new Object[] {java.util.Arrays.asList(1.0, "x", 2.0), good.get("raw"), good.get("p")}))).fieldPath());
    assertThrows(MessageFormatException.class, () -> c.encode(types.defaultMessage("std_msgs/msg/String")));
  }

  @Test
  void wstringsAreUtf16UnitsInFourBytesAndOthersAreRefused() {
    CdrCodec c = codec("pyros_test/msg/Wide", "wstring w\n");
    Message m = Message.builder(c.type().messageType()).set("w", "é😀").build();
    assertEquals("00010000 03000000 e9000000 3dd80000 00de0000".replace(" ", ""),
        HexFormat.of().formatHex(bytes(c.encode(m))));
    assertEquals(m, c.decode(c.encode(m)));
    assertTrue(refused(c, hex("00010000 01000000 00000100")).getMessage().contains("UTF-16"));
  }

  @Test
  void coreTypesBuiltInCodeEncodeAndEmptyOnesTakeOneByte() {
    CdrCodec twist = CdrCodec.of(StandardTypes.TWIST);
    Message m = StandardTypes.TWIST.defaultMessage();
    assertEquals(4 + 48, twist.encode(m).remaining());
    CdrCodec empty = CdrCodec.of(StandardTypes.EMPTY);
    assertEquals("0001000000", HexFormat.of().formatHex(bytes(empty.encode(StandardTypes.EMPTY.defaultMessage()))));
    assertEquals(StandardTypes.EMPTY.defaultMessage(), empty.decode(ByteBuffer.wrap(hex("0001000000"))));
    assertThrows(IllegalArgumentException.class, () -> CdrCodec.of(StandardTypes.HEADER));
  }

  @Test
  void aMegabyteImageEncodesAndDecodesQuickly() {
    Ros2Type t = types.type("sensor_msgs/msg/Image");
    byte[] pixels = new byte[1 << 20];
    new java.util.Random(1).nextBytes(pixels);
    Message image = types.defaultMessage("sensor_msgs/msg/Image").with("height", 512L).with("width", 2048L)
        .with("encoding", "mono8").with("step", 2048L).with("data", ByteString.fromArrayUnsafe(pixels));
    CdrCodec c = CdrCodec.of(t);
    ByteBuffer encoded = c.encode(image);
    assertEquals(image, c.decode(encoded));
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      c.decode(c.encode(image));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    // Copying 400 MB takes well under a second; per-element work would take many.
    assertTrue(millis < 4000, "200 round trips of a 1 MB image took " + millis + " ms");
  }
}
