package org.pyros.gateway;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * roslibjs, the standard rosbridge client from npm, run in Node.js against the gateway in front
 * of a Pyros node on a real ROS 1 graph (the embedded master) with a rospy peer: topics both
 * ways, in JSON and CBOR, a rospy service called from the browser, a browser service called
 * from rospy, params and the rosapi listings.
 */
class RosbridgeInteropTest {
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
  void roslibjsTalksToRospyThroughTheGateway() throws Exception {
    try (ExternalProgram peer = ros.rospy("peer.py")) {
      ros.awaitTopic("/chatter");
      ros.runClient("roslibjs", "roslib-interop.mjs", peer, ros.gateway.websocketUri().toString());
      peer.awaitOutput("browser answered False browser got true", Duration.ofSeconds(10));
    }
  }
}
