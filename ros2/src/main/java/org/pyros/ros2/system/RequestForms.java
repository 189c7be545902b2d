package org.pyros.ros2.system;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.discovery.ParticipantData;
import org.pyros.ros2.rtps.wire.GuidPrefix;

/**
 * Which request identity each participant of the graph speaks, from its vendor id in SPDP:
 * Cyclone DDS's rmw puts a {@link CycloneRequestHeader} in the payload, every other (Fast DDS,
 * Pyros) uses the RTPS {@link SampleIdentity}. Looked up once per participant.
 */
final class RequestForms {
  static final int VENDOR_CYCLONE = 0x0110;
  private static final int MAX_KNOWN = 4096;

  private final Participant participant;
  private final Map<GuidPrefix, Boolean> cyclone = new ConcurrentHashMap<>();

  RequestForms(Participant participant) {
    this.participant = participant;
  }

  /** True when the participant of this prefix is a Cyclone DDS one (so its requests carry the header). */
  boolean isCyclone(GuidPrefix prefix) {
    if (prefix.equals(participant.guidPrefix())) {
      return false;
    }
    Boolean known = cyclone.get(prefix);
    if (known != null) {
      return known;
    }
    Optional<ParticipantData> data = participant.graph().participant(prefix);
    boolean is = data.map(ParticipantData::vendorId).orElse(0) == VENDOR_CYCLONE;
    if (data.isPresent()) { // an unknown one (ourselves, say) is looked up again: it may be discovered later
      if (cyclone.size() >= MAX_KNOWN) {
        cyclone.clear(); // participants come and go: forget them all rather than grow
      }
      cyclone.put(prefix, is);
    }
    return is;
  }
}
