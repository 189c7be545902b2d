package org.pyros.ros.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.msg.Ros1Decoder;
import org.pyros.ros.msg.Ros1Encoder;

/**
 * Fuzzes the ROS1 message decoder (every message body read from a TCPROS peer) with several
 * message types: strings, variable and fixed arrays, nested messages, byte arrays, time. Any
 * input decodes or is refused with {@link MessageFormatException}; a decoded message encodes
 * and decodes back to an equal message.
 */
class Ros1DecoderFuzzTest {
  private static final FuzzTally tally = new FuzzTally("ros1-decoder");
  private static final List<MessageType> TYPES = types();

  private static List<MessageType> types() {
    MessageTypes t = MessageTypes.fromEnvironment();
    MessageType nested = t.register("pyros_fuzz/Nested",
        "Header header\nstring[] names\nfloat64[3] fixed\nuint8[] data\nbool[2] flags\n"
            + "std_msgs/Empty[] empties\ntime stamp\nduration d\nint64[] big\n");
    return List.of(
        t.messageType("std_msgs/String"),
        t.messageType("std_msgs/Header"),
        t.messageType("std_msgs/Float64MultiArray"),
        t.messageType("geometry_msgs/PoseStamped"),
        t.messageType("sensor_msgs/JointState"),
        t.messageType("sensor_msgs/Image"),
        t.messageType("sensor_msgs/Imu"),
        nested);
  }

  @FuzzTest(maxDuration = "8s")
  void decode(FuzzedDataProvider data) {
    tally.input();
    MessageType type = TYPES.get(data.consumeInt(0, TYPES.size() - 1));
    byte[] bytes = data.consumeRemainingAsBytes();
    Message m;
    try {
      m = Ros1Decoder.decode(type, bytes);
    } catch (MessageFormatException e) {
      tally.refused();
      return;
    }
    assertEquals(m, Ros1Decoder.decode(type, Ros1Encoder.encode(m)));
  }

  @AfterAll
  static void record() {
    tally.write();
  }
}
