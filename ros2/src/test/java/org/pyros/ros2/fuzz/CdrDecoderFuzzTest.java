package org.pyros.ros2.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.ros2.cdr.CdrCodec;
import org.pyros.ros2.msg.Ros2Types;

/**
 * Fuzzes the CDR decoder (every user payload read from a DDS peer) with several ROS 2 types:
 * strings, a 1-dimensional image, nested arrays, fixed arrays, bounded strings and sequences,
 * wstrings, deep nesting. Any input decodes or is refused with {@link MessageFormatException}; a
 * decoded message encodes and decodes back to an equal message. The last byte of an input picks
 * the type (see the seeds in {@code CdrDecoderFuzzTestInputs}).
 */
class CdrDecoderFuzzTest {
  private static final FuzzTally tally = new FuzzTally("ros2-cdr-decoder");
  private static final List<CdrCodec> CODECS = codecs();

  private static List<CdrCodec> codecs() {
    Ros2Types t = Ros2Types.bundled();
    t.register("pyros_fuzz/msg/Inner", "int8 a\nfloat64 b\nint16[] c\n");
    t.register("pyros_fuzz/msg/Mixed", """
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
        """);
    t.register("pyros_fuzz/msg/Wide", "wstring<=4 w\nwstring[] ws\nstring<=3[<=2] s\n");
    return List.of(
        "std_msgs/msg/String",
        "std_msgs/msg/Header",
        "sensor_msgs/msg/Image",
        "pyros_fuzz/msg/Mixed",
        "sensor_msgs/msg/JointState",
        "sensor_msgs/msg/PointCloud2",
        "rcl_interfaces/msg/ParameterEvent",
        "rcl_interfaces/msg/ParameterDescriptor",
        "pyros_fuzz/msg/Wide",
        "std_msgs/msg/Empty").stream().map(name -> CdrCodec.of(t.type(name))).toList();
  }

  @FuzzTest(maxDuration = "8s")
  void decode(FuzzedDataProvider data) {
    tally.input();
    CdrCodec codec = CODECS.get(data.consumeInt(0, CODECS.size() - 1));
    byte[] bytes = data.consumeRemainingAsBytes();
    Message m;
    try {
      m = codec.decode(ByteBuffer.wrap(bytes));
    } catch (MessageFormatException e) {
      tally.refused();
      // Received samples are decoded from immutable bytes: that path must refuse the same inputs.
      assertThrows(MessageFormatException.class, () -> codec.decode(ByteString.fromArrayUnsafe(bytes)));
      return;
    }
    assertEquals(m, codec.decode(ByteString.fromArrayUnsafe(bytes)));
    assertEquals(m, codec.decode(codec.encode(m)));
  }

  @AfterAll
  static void record() {
    tally.write();
  }
}
