package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageJson;
import org.pyros.ros.peer.RosPeer;

/** The Pyros node on ROS1 against real rosmaster, rostopic, rosservice, rosparam and rospy. */
class RosSystemInteropTest {
  @RegisterExtension
  static final RosGraph graph = RosGraph.withNode("pyros_test");

  static <T> T retry(java.util.function.Supplier<T> attempt) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  @Test
  void rostopicPubReachesAPyrosSubscriber() throws Exception {
    try (RosPeer.Program pub = graph.ros().start("rostopic", "pub", "-r", "20", "/t/chatter", "std_msgs/String", "data: hello from rostopic")) {
      LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
      retry(() -> await(graph.pyros().client.subscribe("/t/chatter", got::add)));
      Message m = got.poll(20, TimeUnit.SECONDS);
      assertEquals("hello from rostopic", m == null ? null : m.getString("data"));
    }
  }

  @Test
  void aPyrosPublisherReachesRostopicEcho() throws Exception {
    Message first = org.pyros.core.msg.Message.builder(await(graph.pyros().ros.messageType("std_msgs/Int32"))).set("data", 1).build();
    await(graph.pyros().client.publish("/t/count", first));
    try (RosPeer.Program echo = graph.ros().start("rostopic", "echo", "-n", "3", "/t/count")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int i = 2;
      while (echo.isAlive() && System.nanoTime() < deadline) {
        await(graph.pyros().client.publish("/t/count", first.with("data", i++)));
        echo.waitFor(Duration.ofMillis(100));
      }
      assertTrue(echo.waitFor(Duration.ofSeconds(5)), "rostopic echo -n 3 ends after 3 messages: " + echo.stdout() + echo.stderr());
      List<String> values = echo.stdout().lines().filter(l -> l.startsWith("data: ")).toList();
      assertEquals(3, values.size(), echo.stdout());
      // Consecutive values: nothing lost or reordered between the messages echo saw.
      int v0 = Integer.parseInt(values.get(0).substring(6));
      assertEquals(List.of("data: " + v0, "data: " + (v0 + 1), "data: " + (v0 + 2)), values);
    }
  }

  @Test
  void rosserviceCallReachesAPyrosServiceAndPyrosCallsRospy() throws Exception {
    String server = """
        import rospy
        from std_srvs.srv import SetBool, SetBoolResponse
        def handle(req):
            if not req.data:
                raise Exception("python refuses false")
            return SetBoolResponse(True, "python got it")
        rospy.init_node("setbool_server")
        rospy.Service("/s/py_flag", SetBool, handle)
        print("ready", flush=True)
        rospy.spin()
        """;
    try (RosPeer.Program py = graph.ros().startPython(server)) {
      py.awaitOutput("ready", Duration.ofSeconds(20));
      Message response = retry(() -> await(graph.pyros().client.callJson("/s/py_flag", "{\"data\": true}")));
      assertEquals("python got it", response.getString("message"));
      CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
          () -> await(graph.pyros().client.callJson("/s/py_flag", "{\"data\": false}")));
      PyrosException p = assertInstanceOf(PyrosException.class, e.getCause());
      assertEquals(ErrorCode.SERVICE_FAILED, p.code());
      assertTrue(p.getMessage().contains("python refuses false"), p.getMessage());
    }
  }

  @Test
  void paramsGoBothWays() {
    await(graph.pyros().client.setParam("/p/robot", Map.of("name", "r2", "limits", Map.of("speed", 1.5))));
    RosPeer.Result get = graph.ros().run("rosparam", "get", "/p/robot/limits/speed");
    assertEquals("1.5", get.stdout().trim(), get.toString());
    assertTrue(graph.ros().run("rosparam", "set", "/p/from_ros", "[1, 2, 3]").ok());
    assertEquals(java.util.Optional.of(List.of(1, 2, 3)), await(graph.pyros().client.param("/p/from_ros")));
    Object tree = await(graph.pyros().client.param("/p/robot")).orElseThrow();
    assertEquals(Map.of("name", "r2", "limits", Map.of("speed", 1.5)), tree);
    assertTrue(MessageJson.fromPlain(tree).toString().contains("r2"));
  }

  @Test
  void nestedDictionariesAndDeletesGoBothWays() {
    RosPeer.Result set = graph.ros().run("rosparam", "set", "/p/arm", "{joints: 6, gains: {p: 2.5, i: 0.0, names: [a, b]}, enabled: true}");
    assertTrue(set.ok(), set.toString());
    assertEquals(java.util.Optional.of(Map.of("joints", 6, "enabled", true, "gains", Map.of("p", 2.5, "i", 0.0, "names", List.of("a", "b")))),
        await(graph.pyros().client.param("/p/arm")));
    assertEquals(java.util.Optional.of(2.5), await(graph.pyros().client.param("/p/arm/gains/p")));

    // Deleted by ROS: Pyros sees it gone, the rest of the tree stays.
    assertTrue(graph.ros().run("rosparam", "delete", "/p/arm/gains").ok());
    assertEquals(java.util.Optional.empty(), await(graph.pyros().client.param("/p/arm/gains/p")));
    assertEquals(java.util.Optional.of(Map.of("joints", 6, "enabled", true)), await(graph.pyros().client.param("/p/arm")));

    // Deleted by Pyros: rosparam sees it gone.
    await(graph.pyros().client.setParam("/p/temp", Map.of("a", "x", "b", 2)));
    assertEquals("x", graph.ros().run("rosparam", "get", "/p/temp/a").stdout().trim());
    await(graph.pyros().client.deleteParam("/p/temp/a"));
    RosPeer.Result gone = graph.ros().run("rosparam", "get", "/p/temp/a");
    assertTrue(!gone.ok() && gone.stderr().contains("is not set"), gone.toString());
    assertEquals("b: 2", graph.ros().run("rosparam", "get", "/p/temp").stdout().trim());
    await(graph.pyros().client.deleteParam("/p/temp"));
    RosPeer.Result list = graph.ros().run("rosparam", "list", "/p");
    assertTrue(list.ok() && !list.stdout().contains("/p/temp"), list.toString());
  }
}
