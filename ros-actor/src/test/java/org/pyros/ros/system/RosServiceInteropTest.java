package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.peer.RosPeer;

/**
 * Services between Pyros and real ROS programs with a custom {@code .srv} that exists only in a
 * temporary package: Pyros finds it on its search path, rospy and rosservice import the Python
 * module genpy generates for it.
 */
class RosServiceInteropTest {
  static final String NODE = "/pyros_services";
  static final String PKG = "pyros_test_srvs";
  @RegisterExtension
  static final RosGraph graph = RosGraph.withNode(NODE, RosServiceInteropTest::prepare);
  static Path packageRoot;
  static Path pythonPath;

  /** Writes the test's package and its generated python module; Pyros's types for the node. */
  static MessageTypes prepare(RosPeer ros) throws Exception {
    Path srv = ros.writeFile("pkgs/" + PKG + "/srv/AddTwoInts.srv", "int64 a\nint64 b\n---\nint64 sum\n");
    packageRoot = ros.dir().resolve("pkgs");
    pythonPath = ros.dir().resolve("py");
    Path out = pythonPath.resolve(PKG).resolve("srv");
    String gensrv = "/usr/lib/genpy/gensrv_py.py";
    RosPeer.Result gen = ros.run("python3", gensrv, "-p", PKG, "-o", out.toString(),
        "-I" + PKG + ":" + packageRoot.resolve(PKG).resolve("msg"), srv.toString());
    assertTrue(gen.ok(), gen.toString());
    RosPeer.Result init = ros.run("python3", gensrv, "--initpy", "-p", PKG, "-o", out.toString());
    assertTrue(init.ok(), init.toString());
    ros.writeFile("py/" + PKG + "/__init__.py", "");

    List<Path> roots = new ArrayList<>(List.of(packageRoot));
    roots.addAll(MessageTypes.searchRoots(System.getenv()));
    return new MessageTypes(roots);
  }

  /** Runs a ROS tool or script that can import the generated module and find the package. */
  static String[] withPackage(String... command) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "PYTHONPATH=" + pythonPath,
        "ROS_PACKAGE_PATH=" + packageRoot));
    cmd.addAll(List.of(command));
    cmd.set(3, command[0].contains("/") ? command[0] : "/usr/bin/" + command[0]);
    return cmd.toArray(String[]::new);
  }

  @Test
  void pyrosCallsARospyServerOfACustomType() {
    Path script = graph.ros().writeFile("scripts/add_server.py", """
        import rospy
        from pyros_test_srvs.srv import AddTwoInts, AddTwoIntsResponse
        rospy.init_node("add_server")
        rospy.Service("/s/py_add", AddTwoInts, lambda req: AddTwoIntsResponse(req.a + req.b))
        print("ready", flush=True)
        rospy.spin()
        """);
    try (RosPeer.Program py = graph.ros().start(withPackage("python3", script.toString()))) {
      py.awaitOutput("ready", Duration.ofSeconds(20));
      // Large values: int64 must survive both ways.
      Message response = Interop.retry(() -> await(graph.pyros().client.callJson("/s/py_add", "{\"a\": 4000000000, \"b\": -1}")));
      assertEquals("pyros_test_srvs/AddTwoIntsResponse", response.type().name());
      assertEquals(3999999999L, response.getLong("sum"));
      assertEquals("pyros_test_srvs/AddTwoInts", await(graph.pyros().client.serviceType("/s/py_add")).name());
    }
  }

  @Test
  void rosserviceCallReachesAServiceProvidedThroughPyros() {
    MessageType responseType = await(graph.pyros().ros.serviceType("pyros_test_srvs/AddTwoInts")).response();
    ActorRef<ServiceRequest> handler = graph.pyros().testKit.spawn(Behaviors.receiveMessage(req -> {
      long a = req.request().getLong("a");
      long b = req.request().getLong("b");
      if (a < 0) {
        req.replyTo().tell(Reply.failed(ErrorCode.SERVICE_FAILED, "pyros refuses negative a=" + a));
      } else {
        req.replyTo().tell(Reply.ok(Message.builder(responseType).set("sum", a + b).build()));
      }
      return Behaviors.same();
    }));
    TestProbe<Reply<Done>> provided = graph.pyros().testKit.createTestProbe();
    graph.pyros().node.tell(new PyrosNode.ProvideService("/s/pyros_add", "pyros_test_srvs/AddTwoInts", handler, provided.ref()));
    Reply<Done> reply = provided.receiveMessage(Duration.ofSeconds(10));
    assertInstanceOf(Reply.Ok.class, reply, reply.toString());
    Interop.awaitService(graph.ros().masterUri(), "/s/pyros_add", NODE);

    RosPeer.Result call = graph.ros().run(withPackage("rosservice", "call", "/s/pyros_add", "a: 40\nb: 2"));
    assertTrue(call.ok(), call.toString());
    assertEquals("sum: 42", call.stdout().strip(), call.toString());

    RosPeer.Result type = graph.ros().run(withPackage("rosservice", "type", "/s/pyros_add"));
    assertEquals("pyros_test_srvs/AddTwoInts", type.stdout().strip(), type.toString());

    RosPeer.Result refused = graph.ros().run(withPackage("rosservice", "call", "/s/pyros_add", "a: -1\nb: 2"));
    assertFalse(refused.ok(), refused.toString());
    assertTrue(refused.stderr().contains("pyros refuses negative a=-1"), refused.toString());
  }

  @Test
  void aRospyServiceThatRaisesGivesPyrosServiceFailed() {
    Path script = graph.ros().writeFile("scripts/raising_server.py", """
        import rospy
        from pyros_test_srvs.srv import AddTwoInts
        def handle(req):
            raise ValueError("python cannot add %d" % req.a)
        rospy.init_node("raising_server")
        rospy.Service("/s/py_raises", AddTwoInts, handle)
        print("ready", flush=True)
        rospy.spin()
        """);
    try (RosPeer.Program py = graph.ros().start(withPackage("python3", script.toString()))) {
      py.awaitOutput("ready", Duration.ofSeconds(20));
      CompletionException e = Interop.retry(() -> {
        CompletionException thrown = assertThrows(CompletionException.class,
            () -> await(graph.pyros().client.callJson("/s/py_raises", "{\"a\": 7, \"b\": 1}")));
        PyrosException p = assertInstanceOf(PyrosException.class, thrown.getCause());
        assertEquals(ErrorCode.SERVICE_FAILED, p.code(), p.getMessage());
        return thrown;
      });
      assertTrue(e.getCause().getMessage().contains("python cannot add 7"), e.getCause().getMessage());
    }
  }
}
