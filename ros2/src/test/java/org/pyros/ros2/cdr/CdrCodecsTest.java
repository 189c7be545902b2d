package org.pyros.ros2.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.pyros.ros2.msg.Ros2Types;

class CdrCodecsTest {

  @Test
  void codecsAreCompiledOnceAndFollowReRegistration() {
    Ros2Types types = Ros2Types.bundled();
    CdrCodecs codecs = new CdrCodecs(types);
    CdrCodec string = codecs.codec("std_msgs/String");
    assertSame(string, codecs.codec("std_msgs/msg/String"));
    assertSame(string, codecs.codec(types.messageType("std_msgs/msg/String")));
    types.register("std_msgs/msg/String", "string data\nint32 more\n");
    CdrCodec replaced = codecs.codec("std_msgs/msg/String");
    assertNotSame(string, replaced);
    assertEquals(2, replaced.type().fields().size());
    assertEquals("example_interfaces/srv/AddTwoInts_Request",
        codecs.codec("example_interfaces/srv/AddTwoInts_Request").type().name());
  }
}
