package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.msg.Message;
import org.pyros.ros.peer.RosPeer;

/**
 * Pyros keeps service connections open between calls (as a persistent ServiceProxy). When the
 * server dies and comes back elsewhere, the next call finds it again and is answered once.
 */
class ServiceRestartInteropTest {
  @RegisterExtension
  static final RosGraph graph = RosGraph.withNode("pyros_caller");

  static String server(String name) {
    return """
        import rospy
        from std_srvs.srv import SetBool, SetBoolResponse
        calls = [0]
        def handle(req):
            calls[0] += 1
            print("call", calls[0], flush=True)
            return SetBoolResponse(req.data, "%s call %%d" %% calls[0])
        rospy.init_node("%s")
        rospy.Service("/s/flag", SetBool, handle)
        print("ready", flush=True)
        rospy.spin()
        """.formatted(name, name);
  }

  @Test
  void callsReuseTheConnectionAndFollowARestartedServer() throws Exception {
    try (RosPeer.Program first = graph.ros().startPython(server("first"))) {
      first.awaitOutput("ready", Duration.ofSeconds(20));
      Message yes = Interop.retry(() -> await(graph.pyros().client.callJson("/s/flag", "{\"data\": true}")));
      assertEquals("first call 1", yes.getString("message"));
      for (int i = 2; i <= 20; i++) {
        assertEquals("first call " + i, await(graph.pyros().client.callJson("/s/flag", "{\"data\": true}")).getString("message"));
      }
      first.signal("KILL");
      assertTrue(first.waitFor(Duration.ofSeconds(5)));
    }
    try (RosPeer.Program second = graph.ros().startPython(server("second"))) {
      second.awaitOutput("ready", Duration.ofSeconds(20));
      // The kept connection is dead and the server moved: the call goes to the new one, once.
      Message answer = await(graph.pyros().client.callJson("/s/flag", "{\"data\": false}"));
      assertEquals("second call 1", answer.getString("message"));
      assertEquals("second call 2", await(graph.pyros().client.callJson("/s/flag", "{\"data\": true}")).getString("message"));
    }
  }
}
