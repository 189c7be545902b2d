package org.pyros.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.peer.RosPeer;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.FreeDomain;

/** {@code pyros bridge} as a process between Debian's ROS 1 and a Cyclone DDS peer (topics and a service), stopped by SIGTERM. */
class CliBridgeTest {
  static final Duration WAIT = Duration.ofSeconds(40);

  @Test
  void forwardsARospyTalkerToACycloneListenerAndLeavesBothGraphsOnSigterm() throws Exception {
    int domain = FreeDomain.pick();
    Path log = Files.createTempFile("pyros-bridge", ".log");
    try (RosPeer ros = RosPeer.startMaster()) {
      Process bridge = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
          "-Dlogback.configurationFile=cli-process-logback.xml", "-cp", System.getProperty("java.class.path"),
          PyrosCli.class.getName(), "bridge", "--master", ros.masterUri().toString(), "--domain", Integer.toString(domain),
          "--ros1-to-ros2", "/chatter", "--ros1-to-ros2", "/bad_*", "--service-ros1-to-ros2", "/set_flag",
          "--name", "cli_bridge")
          .redirectError(log.toFile())
          .start();
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(bridge.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
          }
        } catch (java.io.IOException e) {
          // the process ended
        }
      }, "bridge-stdout");
      reader.start();
      try (RosPeer.Program talker = ros.startPython("""
              import rospy
              from std_msgs.msg import String, Duration
              from std_srvs.srv import SetBool, SetBoolResponse
              rospy.init_node("talker")
              rospy.Service("/set_flag", SetBool, lambda req: SetBoolResponse(success=req.data))
              p = rospy.Publisher("/chatter", String, queue_size=10)
              bad = rospy.Publisher("/bad_duration", Duration, queue_size=10)
              r = rospy.Rate(20)
              i = 0
              while not rospy.is_shutdown():
                  p.publish(String("hello %d" % i))
                  bad.publish(Duration(rospy.Duration(i, 0)))
                  i += 1
                  r.sleep()
              """);
          DdsPeers.Peer listener = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), "sub", "string", "/chatter", "3", "40")) {
        assertEquals(0, listener.awaitExit(WAIT), listener + " bridge: " + lines + " " + Files.readString(log));
        RosPeer.await("the bridge's report lines", WAIT, () -> lines.contains("forwarding ros1-to-ros2 /chatter (std_msgs/String)")
            && lines.stream().anyMatch(l -> l.startsWith("failed ros1-to-ros2 /bad_duration: ") && l.contains("std_msgs/msg/Duration"))
            && lines.contains("forwarding service ros1-to-ros2 /set_flag (std_srvs/SetBool)"));
        assertTrue(lines.get(0).startsWith("bridge " + ros.masterUri()), lines.toString());
        var running = new MasterClient(ros.masterUri(), "/test").getSystemState().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(running.nodes().containsKey("/cli_bridge"), running.nodes().toString());
      } finally {
        bridge.destroy(); // SIGTERM: the shutdown hook closes both systems
        if (!bridge.waitFor(20, TimeUnit.SECONDS)) {
          bridge.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      assertEquals(143, bridge.exitValue(), Files.readString(log));
      // Closed cleanly: the ROS 1 node unregistered itself from the master.
      var state = new MasterClient(ros.masterUri(), "/test").getSystemState().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertFalse(state.nodes().containsKey("/cli_bridge"), state.nodes().toString());
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
