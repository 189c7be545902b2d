package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Foxglove's own WebSocket client ({@code @foxglove/ws-protocol} from npm) in Node.js against the
 * gateway in front of a Pyros node on a real ROS 1 graph (the embedded master) with a rospy peer:
 * it sees the channels with their ros1msg schemas, decodes rospy's messages with them, publishes
 * what rospy echoes, calls a rospy service and sets and gets a param.
 */
class FoxgloveInteropTest {
  private RospyGateway ros;

  @BeforeEach
  void start() throws Exception {
    ros = RospyGateway.start();
  }

  @AfterEach
  void stop() {
    if (ros != null) {
      ros.close();
    }
  }

  @Test
  void foxgloveClientTalksToRospyThroughTheGateway() throws Exception {
    try (ExternalProgram peer = ros.rospy("peer.py")) {
      ros.awaitTopic("/chatter");
      ros.runClient("the Foxglove client", "foxglove-interop.mjs", peer, ros.gateway.websocketUri().toString());
      assertEquals(Optional.of(2.5), ros.kit.await(ros.kit.client().param("/foxglove_test/gain")));
    }
  }
}
