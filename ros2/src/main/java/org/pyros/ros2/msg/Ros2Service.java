package org.pyros.ros2.msg;

import org.pyros.core.msg.ServiceType;

/**
 * A ROS 2 service type ({@code pkg/srv/Name}): its request and response types, named
 * {@code pkg/srv/Name_Request} and {@code pkg/srv/Name_Response} as rosidl names them.
 */
public record Ros2Service(String name, Ros2Type request, Ros2Type response, String definition) {

  /** The core view, for the node API. */
  public ServiceType serviceType() {
    return new ServiceType(name, request.messageType(), response.messageType());
  }
}
