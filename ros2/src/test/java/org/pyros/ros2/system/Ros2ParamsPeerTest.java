package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.DdsPeers.Peer;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;

/**
 * The Pyros node's ROS 2 parameters as a ROS 2 tool on Cyclone DDS sees them: listed, read and
 * changed through the rcl_interfaces services (with rmw_cyclonedds_cpp's request header), and a
 * change made through Pyros seen on /parameter_events.
 */
class Ros2ParamsPeerTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private int domain;
  private Ros2System pyros;

  @BeforeEach
  void start() {
    domain = FreeDomain.pick();
    pyros = Ros2System.start(Ros2Settings.loopback(domain, "pyros_params"));
  }

  @AfterEach
  void stop() {
    pyros.close();
  }

  private List<String> run(String... args) {
    try (Peer p = DdsPeers.paramClient(Options.domain(domain), args)) {
      assertEquals(0, p.awaitExit(WAIT), p::toString);
      return p.lines();
    }
  }

  @Test
  void aCycloneToolListsReadsAndChangesTheNodesParameters() {
    pyros.setParam("/pyros_params/robot.max_speed", 1.5).toCompletableFuture().join();
    pyros.setParam("/pyros_params/robot.name", "r2").toCompletableFuture().join();
    pyros.setParam("/pyros_params/retries", 3L).toCompletableFuture().join();

    assertEquals(List.of("retries", "robot.max_speed", "robot.name"), run("/pyros_params", "list"));
    assertEquals(List.of("type=3 value=1.5"), run("/pyros_params", "get", "robot.max_speed"));
    assertEquals(List.of("type=4 value=r2"), run("/pyros_params", "get", "robot.name"));
    assertEquals(List.of("type=0 value=-"), run("/pyros_params", "get", "nothing"));

    assertEquals(List.of("successful"), run("/pyros_params", "set", "retries", "int", "7"));
    assertEquals(Optional.of(7L), pyros.getParam("/pyros_params/retries").toCompletableFuture().join());
  }

  @Test
  void aChangeThroughPyrosIsSeenOnParameterEvents() {
    try (Peer events = DdsPeers.paramClient(Options.domain(domain), "events", "1")) {
      events.awaitLine("ready", WAIT);
      // Our writer may learn of the tool's reader a moment after the reader learnt of it: set until one event arrives.
      long[] n = {0};
      Eventually.await(WAIT, "an event on /parameter_events", () -> {
        pyros.setParam("/pyros_params/count", n[0]++).toCompletableFuture().join();
        return events.lines().size() >= 2;
      }, events::toString);
      assertEquals(0, events.awaitExit(WAIT), events::toString);
      String event = events.lines().get(1);
      assertTrue(event.equals("event /pyros_params new=count changed= deleted=")
          || event.equals("event /pyros_params new= changed=count deleted="), event);
    }
  }
}
