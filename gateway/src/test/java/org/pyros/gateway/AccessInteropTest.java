package org.pyros.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real npm clients against a gateway with tokens, on the embedded ROS 1 master with the rospy
 * peer: roslibjs refused without a token, then {@code Ros.authenticate} as a read-only dashboard
 * and as an operator that publishes and calls; the Foxglove client's whole interop run with the
 * operator's token on its URL.
 */
class AccessInteropTest {
  private static final String DASHBOARD = "dashboard-7d1f0c2a9b";
  private static final String OPERATOR = "operator-4e8a6b3c1d";
  private static final String TOKENS = """
      pyros.gateway.access.tokens = [
        { name = dashboard, token = "%s", expose { topics = ["/**"], params = ["/**"] } },
        { name = operator, token = "%s", expose { topics = ["/**"], services = ["/**"], params = ["/**"],
          publish = ["/from_browser"], set-params = ["/foxglove_test/**"] } }
      ]
      """.formatted(DASHBOARD, OPERATOR);

  private RospyGateway ros;

  @BeforeEach
  void start() throws Exception {
    ros = RospyGateway.start(TOKENS);
  }

  @AfterEach
  void stop() {
    if (ros != null) {
      ros.close();
    }
  }

  @Test
  void roslibjsIsRefusedWithoutATokenAndReachesItsGrantAfterAuthenticate() throws Exception {
    try (ExternalProgram peer = ros.rospy("peer.py")) {
      ros.awaitTopic("/chatter");
      ros.runClient("roslibjs with tokens", "roslib-auth.mjs", peer, ros.gateway.websocketUri().toString(), DASHBOARD, OPERATOR);
    }
  }

  @Test
  void theFoxgloveClientWorksWithTheOperatorsTokenOnItsUrl() throws Exception {
    try (ExternalProgram peer = ros.rospy("peer.py")) {
      ros.awaitTopic("/chatter");
      ros.runClient("the Foxglove client with a token", "foxglove-interop.mjs", peer,
          ros.gateway.websocketUri() + "/?token=" + OPERATOR);
    }
  }
}
