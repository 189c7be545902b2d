package org.pyros.ros2.rtps.endpoint;

import java.util.List;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.Locator;

/** A matched remote reader as discovery knows it: where to send and what it asked for. */
public record RemoteReader(Guid guid, Qos qos, List<Locator> unicast, List<Locator> multicast, boolean expectsInlineQos) {
  public RemoteReader {
    unicast = List.copyOf(unicast);
    multicast = List.copyOf(multicast);
  }

  /** Unicast locators when it has any, else its multicast ones. */
  public List<Locator> destinations() {
    return unicast.isEmpty() ? multicast : unicast;
  }
}
