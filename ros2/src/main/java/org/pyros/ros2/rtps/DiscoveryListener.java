package org.pyros.ros2.rtps;

import java.util.List;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.discovery.ParticipantData;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;

/**
 * What discovery learns, as it learns it. Called on a receive or the timer thread: return
 * promptly. Every method does nothing unless overridden.
 */
public interface DiscoveryListener {
  default void participantDiscovered(ParticipantData participant) {}

  /** {@code reason}: "lease expired" or "disposed" (it said goodbye). */
  default void participantLost(GuidPrefix participant, String reason) {}

  default void endpointDiscovered(EndpointData endpoint) {}

  default void endpointLost(Guid endpoint) {}

  /** A local endpoint and a remote one now exchange data. */
  default void matched(Guid local, Guid remote) {}

  default void unmatched(Guid local, Guid remote) {}

  /** Same topic and type, but the QoS rules refuse the pair: nothing flows between them. */
  default void incompatibleQos(Guid local, Guid remote, List<String> reasons) {}
}
