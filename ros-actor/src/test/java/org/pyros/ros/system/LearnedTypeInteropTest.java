package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.msg.Message;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.peer.RosPeer;

/**
 * A rospy publisher of a type Pyros has no file for: Pyros learns the type from the
 * {@code message_definition} in the publisher's connection header and decodes its messages.
 */
class LearnedTypeInteropTest {
  static final String PKG = "pyros_hidden_msgs";
  @RegisterExtension
  static final RosGraph graph = RosGraph.withNode("pyros_learner", LearnedTypeInteropTest::prepare);
  static Path packageRoot;
  static Path pythonPath;

  /** Writes the test's package and its generated python module; Pyros's types for the node. */
  static MessageTypes prepare(RosPeer ros) throws Exception {
    // The package exists only for the python side; Pyros searches Debian's folders alone.
    Path msg = ros.writeFile("pkgs/" + PKG + "/msg/Reading.msg",
        "# a sensor reading\nHeader header\nstring sensor\nfloat64[] values\nuint8 LEVEL_OK=0\nuint8 level\n");
    packageRoot = ros.dir().resolve("pkgs");
    pythonPath = ros.dir().resolve("py");
    Path out = pythonPath.resolve(PKG).resolve("msg");
    String genmsg = "/usr/lib/genpy/genmsg_py.py";
    RosPeer.Result gen = ros.run("python3", genmsg, "-p", PKG, "-o", out.toString(),
        "-I" + PKG + ":" + packageRoot.resolve(PKG).resolve("msg"), "-Istd_msgs:/usr/share/std_msgs/msg", msg.toString());
    assertTrue(gen.ok(), gen.toString());
    assertTrue(ros.run("python3", genmsg, "--initpy", "-p", PKG, "-o", out.toString()).ok());
    ros.writeFile("py/" + PKG + "/__init__.py", "");
    MessageTypes debianOnly = new MessageTypes(List.of(Path.of("/usr/share")));
    assertFalse(debianOnly.isAvailable(PKG + "/Reading", "msg"));
    return debianOnly;
  }

  @Test
  void aTypeWithNoFileIsLearntFromThePublisher() throws Exception {
    Path script = graph.ros().writeFile("scripts/reading_pub.py", """
        import rospy
        from pyros_hidden_msgs.msg import Reading
        rospy.init_node("reading_pub")
        pub = rospy.Publisher("/t/reading", Reading, queue_size=10)
        rate = rospy.Rate(20)
        print("ready", flush=True)
        while not rospy.is_shutdown():
            m = Reading(sensor="thermo", values=[1.5, -2.25], level=Reading.LEVEL_OK + 3)
            m.header.frame_id = "lab"
            pub.publish(m)
            rate.sleep()
        """);
    try (RosPeer.Program py = graph.ros().start("/usr/bin/env", "PYTHONPATH=" + pythonPath, "/usr/bin/python3", script.toString())) {
      py.awaitOutput("ready", Duration.ofSeconds(20));
      LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
      Interop.retry(() -> await(graph.pyros().client.subscribe("/t/reading", got::add)));
      Message m = got.poll(20, TimeUnit.SECONDS);
      assertTrue(m != null, "no message decoded with the learnt type");
      assertEquals(PKG + "/Reading", m.type().name());
      assertEquals("thermo", m.getString("sensor"));
      assertEquals(List.of(1.5, -2.25), m.getList("values"));
      assertEquals(3, m.getInt("level"));
      assertEquals("lab", m.getMessage("header").getString("frame_id"));
      assertEquals("LEVEL_OK", m.type().constants().get(0).name());
    }
  }
}
