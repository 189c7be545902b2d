package org.pyros.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * @foxglove/ws-protocol's client against the gateway of a node on a ROS 2 domain with Cyclone
 * DDS peers: it decodes and encodes CDR with the advertised ros2msg schemas, publishes to an
 * echo peer, calls an AddTwoInts server and sets a parameter of the Pyros node.
 */
class FoxgloveRos2InteropTest {
  private Ros2Gateway ros;

  @BeforeEach
  void start() throws Exception {
    NpmClients.install();
    ros = Ros2Gateway.start("pyros_foxglove_client");
  }

  @AfterEach
  void stop() throws Exception {
    if (ros != null) {
      ros.close();
    }
  }

  @Test
  void theFoxgloveClientTalksToCyclonePeersThroughTheGateway() throws Exception {
    ros.peer("pub", "string", "/chatter", "0", "20");
    ros.peer("echo", "string", "/from_foxglove", "/echo");
    ros.peer("serve", "addtwoints", "/add_two_ints", "0", "120");
    NpmClients.run("the Foxglove client on ROS 2", "foxglove-ros2.mjs", ros::peersOutput,
        ros.gateway.websocketUri().toString(), ros.nodeName);
  }
}
