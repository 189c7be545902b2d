package org.pyros.ros.msg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;

/** ROS1 bytes compared with genpy's serialize() of the same messages, both ways. */
class Ros1CodecInteropTest {
  private static final MessageTypes TYPES = MessageTypes.fromEnvironment();

  static Stream<String> cases() {
    return Stream.of("string", "twist", "image", "joints", "imu", "alltypes");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void encodingEqualsGenpy(String name) throws Exception {
    Message m = message(name);
    byte[] expected = HexFormat.of().parseHex(RosReference.text("hex:" + name));
    assertEquals(expected.length, Ros1Encoder.size(m));
    assertArrayEquals(expected, Ros1Encoder.encode(m));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decodingGenpyBytesGivesTheSameMessage(String name) throws Exception {
    Message m = message(name);
    byte[] bytes = HexFormat.of().parseHex(RosReference.text("hex:" + name));
    assertEquals(m, Ros1Decoder.decode(m.type(), bytes));
    assertEquals(m, Ros1Decoder.decode(m.type(), ByteString.fromArray(bytes)));
    // At an offset inside a larger buffer, without moving its position.
    ByteBuffer framed = ByteBuffer.allocate(bytes.length + 6);
    framed.position(3);
    framed.put(bytes).flip().position(3);
    assertEquals(m, Ros1Decoder.decode(m.type(), framed.slice().limit(bytes.length)));
    assertEquals(3, framed.position());
  }

  @Test
  void encodesIntoABufferAtItsPosition() throws Exception {
    Message m = message("image");
    ByteBuffer out = ByteBuffer.allocate(Ros1Encoder.size(m) + 4);
    out.putInt(0x01020304);
    Ros1Encoder.encode(m, out);
    assertEquals(out.capacity(), out.position());
    byte[] body = new byte[out.capacity() - 4];
    out.position(4).get(body);
    assertArrayEquals(HexFormat.of().parseHex(RosReference.text("hex:image")), body);
  }

  @Test
  void megabyteImageRoundTripsAndSharesBytes() {
    byte[] pixels = new byte[1 << 20];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 31);
    }
    MessageType image = TYPES.messageType("sensor_msgs/Image");
    Message m = Message.builder(image).set("height", 512).set("width", 512).set("encoding", "mono32")
        .set("step", 2048).set("data", ByteString.fromArrayUnsafe(pixels)).build();
    ByteString wire = Ros1Encoder.encodeToByteString(m);
    assertArrayEquals(Ros1Encoder.encode(m), wire.toArray());
    Message back = Ros1Decoder.decode(image, wire);
    assertEquals(m, back);
    assertEquals(1 << 20, back.getBytes("data").length());
    // The pixels are shared with the wire bytes, not copied into them.
    pixels[12345] = (byte) ~pixels[12345];
    assertEquals(pixels[12345], wire.apply(wire.length() - pixels.length + 12345));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void byteStringEncodingEqualsArrayEncoding(String name) throws Exception {
    Message m = message(name);
    assertArrayEquals(Ros1Encoder.encode(m), Ros1Encoder.encodeToByteString(m).toArray());
  }

  private static Message message(String name) throws Exception {
    Map<String, Supplier<Message>> builders = Map.of(
        "string", () -> msg("std_msgs/String").set("data", "hello \u2713 ROS \uD83D\uDE00").build(),
        "twist", () -> msg("geometry_msgs/Twist")
            .set("linear", vector(1.5, -2.25, 3.0)).set("angular", vector(0.1, 0.2, -0.3)).build(),
        "image", () -> {
          byte[] data = new byte[18];
          for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
          }
          return msg("sensor_msgs/Image").set("header", header(7, 1700000000L, 123456789L, "cam"))
              .set("height", 2).set("width", 3).set("encoding", "rgb8").set("is_bigendian", 0)
              .set("step", 9).set("data", data).build();
        },
        "joints", () -> msg("sensor_msgs/JointState").set("header", header(1, 5, 6, "base"))
            .set("name", List.of("a", "bb", "ccc")).set("position", List.of(1.0, 2.5, -3.0))
            .set("velocity", List.of()).set("effort", List.of(0.5)).build(),
        "imu", () -> {
          List<Double> cov = new ArrayList<>();
          for (int i = 0; i < 9; i++) {
            cov.add((double) i);
          }
          List<Double> acc = new ArrayList<>(java.util.Collections.nCopies(9, 0.0));
          acc.set(0, -1.0);
          return msg("sensor_msgs/Imu").set("header", header(3, 4294967295L, 999999999L, "imu"))
              .set("orientation", msg("geometry_msgs/Quaternion").set("w", 1.0).build())
              .set("orientation_covariance", cov)
              .set("angular_velocity", vector(0.01, -0.02, 0.03))
              .set("linear_acceleration", vector(0.0, 0.0, 9.81))
              .set("linear_acceleration_covariance", acc).build();
        },
        "alltypes", Ros1CodecInteropTest::allTypes);
    return builders.get(name).get();
  }

  private static Message allTypes() {
    MessageType t;
    try {
      t = TYPES.register("pyros_test/AllTypes", Files.readString(RosReference.resource("AllTypes.msg")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    BigInteger u64max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    return Message.builder(t).set("header", header(9, 10, 11, "all"))
        .set("b", true).set("i8", -128).set("u8", 255).set("by", -1).set("ch", 200)
        .set("i16", -32768).set("u16", 65535).set("i32", Integer.MIN_VALUE).set("u32", 4294967295L)
        .set("i64", Long.MIN_VALUE).set("u64", u64max).set("f32", 1.5f).set("f64", -0.000123)
        .set("s", "x").set("t", new RosTime(123, 456)).set("d", new RosDuration(-7, 500))
        .set("i8s", List.of(-1, 2, -3)).set("chars", new byte[] {65, 66, (byte) 255})
        .set("i32s", List.of(7, -8)).set("u64s", List.of(BigInteger.ZERO, u64max))
        .set("strings", List.of("", "two")).set("fixed_strings", List.of("f1", "f2"))
        .set("points", List.of(point(1, 2, 3)))
        .set("fixed_points", List.of(point(4, 5, 6), point(7, 8, 9)))
        .set("color", msg("std_msgs/ColorRGBA").set("r", 0.25f).set("a", 1.0f).build())
        .build();
  }

  private static Message.Builder msg(String type) {
    return Message.builder(TYPES.messageType(type));
  }

  private static Message vector(double x, double y, double z) {
    return msg("geometry_msgs/Vector3").set("x", x).set("y", y).set("z", z).build();
  }

  private static Message point(double x, double y, double z) {
    return msg("geometry_msgs/Point").set("x", x).set("y", y).set("z", z).build();
  }

  private static Message header(long seq, long secs, long nsecs, String frame) {
    return msg("std_msgs/Header").set("seq", seq).set("stamp", new RosTime(secs, nsecs))
        .set("frame_id", frame).build();
  }

  @Test
  void decodedValuesHaveTheHeldClasses() throws Exception {
    Message m = Ros1Decoder.decode(allTypes().type(), HexFormat.of().parseHex(RosReference.text("hex:alltypes")));
    assertTrue(m.get("u32") instanceof Long);
    assertTrue(m.get("ch") instanceof Integer);
    assertTrue(m.get("i8s") instanceof ByteString);
    assertEquals(-1L, m.getLong("u64"));
    assertEquals(200, m.getInt("ch"));
    assertEquals(List.of(7, -8), m.getList("i32s"));
  }
}
