package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.StandardTypes;
import org.pyros.ros.msg.Ros1Encoder;
import org.pyros.ros2.msg.Ros2Types;

/** A channel's wire format follows its type's system: ROS 1 bytes with ros1msg, CDR with ros2msg. */
class WireTest {

  @Test
  void aRos1TypeTravelsAsRos1Bytes() {
    assertEquals(Wire.ROS1, Wire.of(StandardTypes.STRING));
    Message m = Message.builder(StandardTypes.STRING).set("data", "hello").build();
    ByteString bytes = Wire.ROS1.encode(m);
    assertEquals(ByteString.fromArray(Ros1Encoder.encode(m)), bytes);
    assertEquals(m, Wire.ROS1.decode(StandardTypes.STRING, bytes));
    assertEquals("ros1msg", Wire.ROS1.schemaEncoding());
  }

  @Test
  void aRos2TypeTravelsAsCdrWithItsHeaderAndRos2msgSchema() {
    MessageType header = Ros2Types.bundled().messageType("std_msgs/msg/Header");
    assertEquals(Wire.CDR, Wire.of(header));
    MessageType time = header.field("stamp").type() instanceof org.pyros.core.msg.FieldType.Nested n ? n.type() : null;
    Message stamp = Message.builder(time).set("sec", 7).set("nanosec", 9L).build();
    Message m = Message.builder(header).set("stamp", stamp).set("frame_id", "map").build();
    ByteString bytes = Wire.CDR.encode(m);
    // The CDR_LE encapsulation header, as DDS carries it and Foxglove's cdr reader expects.
    assertEquals(0, bytes.apply(0));
    assertEquals(1, bytes.apply(1));
    assertEquals(m, Wire.CDR.decode(header, bytes));
    assertEquals("cdr", Wire.CDR.encoding());
    assertEquals("ros2msg", Wire.CDR.schemaEncoding());
    String schema = Wire.CDR.schema(header);
    assertTrue(schema.contains("string frame_id") && schema.contains("MSG: builtin_interfaces/msg/Time"), schema);
  }

  @Test
  void clientsNameTheEncodingsTheGatewaySpeaks() {
    assertEquals(Wire.ROS1, Wire.ofEncoding("ros1"));
    assertEquals(Wire.CDR, Wire.ofEncoding("cdr"));
    assertEquals(null, Wire.ofEncoding("json"));
  }
}
