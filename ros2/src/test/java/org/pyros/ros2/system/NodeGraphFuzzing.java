package org.pyros.ros2.system;

import org.apache.pekko.util.ByteString;

/** Opens the package-private ros_discovery_info reader to the fuzz target. */
public final class NodeGraphFuzzing {
  private NodeGraphFuzzing() {}

  /** What a sample reads as, as text. */
  public static String roundTrip(ByteString bytes) {
    ParticipantEntitiesInfo.Decoded d = ParticipantEntitiesInfo.decode(bytes);
    return d.form() + " " + d.info();
  }

  /** A sample read and written again in the form it came in. */
  public static ByteString reencode(ByteString bytes) {
    ParticipantEntitiesInfo.Decoded d = ParticipantEntitiesInfo.decode(bytes);
    return d.info().encode(d.form());
  }
}
