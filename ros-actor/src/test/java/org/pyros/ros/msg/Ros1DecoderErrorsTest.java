package org.pyros.ros.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;

/** Strict, bounded decoding: bad bytes give errors naming the field, never huge allocations. */
class Ros1DecoderErrorsTest {
  private static final MessageTypes TYPES = MessageTypes.fromEnvironment();

  private static MessageFormatException fails(String type, byte[] bytes) {
    return assertThrows(MessageFormatException.class, () -> Ros1Decoder.decode(TYPES.messageType(type), bytes));
  }

  private static byte[] genpy(String key) throws Exception {
    return HexFormat.of().parseHex(RosReference.text(key));
  }

  @Test
  void truncatedBytesNameTheField() throws Exception {
    byte[] image = genpy("hex:image");
    MessageFormatException e = fails("sensor_msgs/Image", Arrays.copyOf(image, 14));
    assertEquals("header.frame_id", e.fieldPath());
    e = fails("sensor_msgs/Image", Arrays.copyOf(image, image.length - 1));
    assertEquals("data", e.fieldPath());
    byte[] joints = genpy("hex:joints");
    // Header (4+8+4+4) + names (4 + 5 + 6 + 7) + count 4 + one double + half of the next.
    e = fails("sensor_msgs/JointState", Arrays.copyOf(joints, 20 + 22 + 4 + 8 + 4));
    assertTrue(e.fieldPath().equals("position") || e.fieldPath().startsWith("position["), e.fieldPath());
    byte[] imu = genpy("hex:imu");
    e = fails("sensor_msgs/Imu", Arrays.copyOf(imu, imu.length - 3));
    assertTrue(e.fieldPath().startsWith("linear_acceleration_covariance"), e.fieldPath());
    e = fails("std_msgs/String", new byte[] {5, 0});
    assertEquals("data", e.fieldPath());
  }

  @Test
  void hugeLengthPrefixFailsBeforeAllocating() {
    byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(0).array();
    MessageFormatException e = fails("std_msgs/String", bytes);
    assertEquals("data", e.fieldPath());
    assertTrue(e.getMessage().contains("4294967295"), e.getMessage());
    e = fails("std_msgs/Float64MultiArray", ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0).putInt(0).putInt(0x7fff0000).array());
    assertEquals("data", e.fieldPath());
    assertTrue(e.getMessage().contains("2147418112 elements"), e.getMessage());
    byte[] image = new byte[40];
    Arrays.fill(image, (byte) 0);
    ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putInt(36, 0x7fffffff);
    e = fails("sensor_msgs/Image", image);
    assertEquals("data", e.fieldPath());
  }

  @Test
  void trailingBytesAreAnError() throws Exception {
    byte[] s = genpy("hex:string");
    byte[] longer = Arrays.copyOf(s, s.length + 2);
    MessageFormatException e = fails("std_msgs/String", longer);
    assertEquals("data", e.fieldPath());
    assertTrue(e.getMessage().contains("2 bytes left over"), e.getMessage());
    assertThrows(MessageFormatException.class, () -> Ros1Decoder.decode(TYPES.messageType("std_msgs/Empty"), new byte[1]));
  }

  @Test
  void arraysOfEmptyMessagesNeedNoBytes() {
    MessageType t = TYPES.register("pyros_test/Empties", "std_msgs/Empty[] e\n");
    Message m = Ros1Decoder.decode(t, new byte[] {3, 0, 0, 0});
    assertEquals(3, m.getList("e").size());
  }

  @Test
  void encoderRefusesAFixedArrayOfTheWrongLength() {
    MessageType imu = TYPES.messageType("sensor_msgs/Imu");
    Object[] values = new Object[imu.fields().size()];
    Message d = imu.defaultMessage();
    for (int i = 0; i < values.length; i++) {
      values[i] = d.get(i);
    }
    values[imu.indexOf("orientation_covariance")] = List.of(1.0);
    MessageFormatException e = assertThrows(MessageFormatException.class,
        () -> Ros1Encoder.encode(Message.ofTrusted(imu, values)));
    assertEquals("orientation_covariance", e.fieldPath());
  }
}
