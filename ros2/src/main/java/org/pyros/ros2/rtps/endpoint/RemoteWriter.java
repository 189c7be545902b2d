package org.pyros.ros2.rtps.endpoint;

import java.util.List;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.Locator;

/** A matched remote writer as discovery knows it: where its reader's ACKNACKs go and what it offers. */
public record RemoteWriter(Guid guid, Qos qos, List<Locator> unicast, List<Locator> multicast) {
  public RemoteWriter {
    unicast = List.copyOf(unicast);
    multicast = List.copyOf(multicast);
  }

  /** Unicast locators when it has any, else its multicast ones. */
  public List<Locator> destinations() {
    return unicast.isEmpty() ? multicast : unicast;
  }
}
