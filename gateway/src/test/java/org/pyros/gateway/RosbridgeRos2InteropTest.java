package org.pyros.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * roslibjs against the gateway of a node on a ROS 2 domain with Cyclone DDS peers: a talker
 * read in JSON and CBOR, an echo peer that returns what roslib publishes, an AddTwoInts server
 * called from roslib, a parameter of the Pyros node, the rosapi listings with ROS 2 type names.
 */
class RosbridgeRos2InteropTest {
  private Ros2Gateway ros;

  @BeforeEach
  void start() throws Exception {
    NpmClients.install();
    ros = Ros2Gateway.start("pyros_roslib");
  }

  @AfterEach
  void stop() throws Exception {
    if (ros != null) {
      ros.close();
    }
  }

  @Test
  void roslibjsTalksToCyclonePeersThroughTheGateway() throws Exception {
    ros.peer("pub", "string", "/chatter", "0", "20");
    ros.peer("echo", "string", "/from_browser", "/echo");
    ros.peer("serve", "addtwoints", "/add_two_ints", "0", "120");
    NpmClients.run("roslibjs on ROS 2", "roslib-ros2.mjs", ros::peersOutput, ros.gateway.websocketUri().toString(),
        ros.nodeName);
  }
}
