package org.pyros.ros.msg;

import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.msg.StandardTypes;

/**
 * Core's {@link StandardTypes} (std_msgs/String, geometry_msgs/Pose2D, std_srvs/Trigger, ...)
 * for a registry on a machine without ROS's message packages, so that Pyros and its embedded
 * master work with no ROS installed. They have no constants, so their md5sums equal ROS's.
 */
public final class BuiltinTypes {
  private BuiltinTypes() {}

  /** Registers each standard type the registry cannot find on its search path. */
  public static MessageTypes addMissing(MessageTypes types) {
    for (MessageType t : StandardTypes.messageTypes()) {
      if (!types.isAvailable(t.name(), "msg")) {
        types.register(t.name(), MessageDefinitions.textOf(t));
      }
    }
    for (ServiceType t : StandardTypes.serviceTypes()) {
      if (!types.isAvailable(t.name(), "srv")) {
        types.registerService(t.name(),
            MessageDefinitions.textOf(t.request()) + "\n---\n" + MessageDefinitions.textOf(t.response()));
      }
    }
    return types;
  }
}
