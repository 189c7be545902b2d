package org.pyros.ros.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.msg.StandardTypes;

/**
 * The built-in types stand in for ROS's message packages on machines without them: their
 * md5sums must equal those of the real definitions Debian ships (installed for the tests).
 */
class BuiltinTypesTest {
  @Test
  void builtinTypesHaveTheMd5sumsOfTheRealDefinitions() throws Exception {
    Path empty = Files.createTempDirectory("no-ros");
    MessageTypes withoutRos = BuiltinTypes.addMissing(new MessageTypes(List.of(empty)));
    MessageTypes real = new MessageTypes(List.of(Path.of("/usr/share")));
    for (MessageType t : StandardTypes.messageTypes()) {
      assertTrue(real.isAvailable(t.name(), "msg"), t.name() + " is in Debian's ROS packages");
      assertEquals(real.md5(t.name()), withoutRos.md5(t.name()), t.name());
    }
    for (ServiceType t : StandardTypes.serviceTypes()) {
      assertEquals(real.serviceMd5(t.name()), withoutRos.serviceMd5(t.name()), t.name());
    }
    Files.delete(empty);
  }
}
