package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;

/**
 * ROS 2 parameters between two Pyros nodes: each node's own parameters, another's reached
 * through its rcl_interfaces services by /node/param names, every change on /parameter_events.
 */
class Ros2ParamsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final List<Ros2System> systems = new ArrayList<>();

  @AfterEach
  void stop() {
    systems.forEach(Ros2System::close);
  }

  private Ros2System start(int domain, String node) {
    Ros2System s = Ros2System.start(Ros2Settings.loopback(domain, node));
    systems.add(s);
    return s;
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void aNodesParametersAreReadAndChangedByAnotherAndEveryChangeIsAnEvent() {
    int domain = FreeDomain.pick();
    Ros2System camera = start(domain, "camera");
    Ros2System tool = start(domain, "tool");
    List<Message> events = new CopyOnWriteArrayList<>();
    await(tool.subscribe(new TopicInfo("/parameter_events", "rcl_interfaces/msg/ParameterEvent"), 100, events::add));

    await(camera.setParam("/camera/exposure.time", 0.02));
    await(camera.setParam("/camera/mode", "auto"));
    await(camera.setParam("/camera/gains", List.of(1L, 2L, 3L)));
    assertEquals(Optional.of(0.02), await(camera.getParam("/camera/exposure.time")));

    // The tool finds the camera's parameter services through discovery, then asks them.
    Eventually.await(WAIT, "the tool lists the camera's parameters", () -> {
      try {
        return await(tool.paramNames()).containsAll(List.of("/camera/exposure.time", "/camera/gains", "/camera/mode"));
      } catch (CompletionException e) {
        return false;
      }
    });
    assertEquals(Optional.of("auto"), await(tool.getParam("/camera/mode")));
    assertEquals(Optional.of(List.of(1L, 2L, 3L)), await(tool.getParam("/camera/gains")));
    assertEquals(Optional.empty(), await(tool.getParam("/camera/nothing")));

    await(tool.setParam("/camera/mode", "manual"));
    assertEquals(Optional.of("manual"), await(camera.getParam("/camera/mode")));
    await(tool.deleteParam("/camera/gains"));
    assertEquals(Optional.empty(), await(camera.getParam("/camera/gains")));

    Eventually.await(WAIT, "the change and the deletion on /parameter_events", () -> events.stream()
        .anyMatch(e -> e.getString("node").equals("/camera") && changed(e, "changed_parameters", "mode"))
        && events.stream().anyMatch(e -> changed(e, "deleted_parameters", "gains")), events::toString);
  }

  @Test
  void aWatchFollowsAnotherNodesParameterOnParameterEvents() {
    int domain = FreeDomain.pick();
    Ros2System camera = start(domain, "camera");
    Ros2System tool = start(domain, "tool");
    await(camera.setParam("/camera/mode", "auto"));
    List<Optional<Object>> seen = new CopyOnWriteArrayList<>();
    Eventually.await(WAIT, "the watch starts (it reads the value through the camera's services first)", () -> {
      try {
        await(tool.watchParam("/camera/mode", seen::add));
        return true;
      } catch (CompletionException e) {
        return false;
      }
    });
    Eventually.await(WAIT, "the value as it was", () -> seen.contains(Optional.of("auto")), seen::toString);
    // The event writer may meet the tool's reader a moment after the watch began: change until seen.
    long[] n = {0};
    Eventually.await(WAIT, "a change made on the camera", () -> {
      await(camera.setParam("/camera/mode", "manual-" + n[0]++));
      return seen.stream().anyMatch(v -> v.isPresent() && v.get().toString().startsWith("manual-"));
    }, seen::toString);
    await(camera.deleteParam("/camera/mode"));
    Eventually.await(WAIT, "the deletion", () -> seen.get(seen.size() - 1).isEmpty(), seen::toString);
  }

  @Test
  void badNamesAndValuesAreRefusedClearly() {
    Ros2System alone = start(FreeDomain.pick(), "alone");
    PyrosException notAName = cause(() -> await(alone.getParam("nodeless")));
    assertEquals(ErrorCode.NOT_FOUND, notAName.code());
    PyrosException badValue = cause(() -> await(alone.setParam("/alone/x", new Object())));
    assertEquals(ErrorCode.BAD_MESSAGE, badValue.code());
    assertTrue(badValue.getMessage().contains("cannot hold"), badValue.getMessage());
    PyrosException noServer = cause(() -> await(alone.getParam("/elsewhere/x")));
    assertEquals(ErrorCode.UNAVAILABLE, noServer.code());
  }

  private static boolean changed(Message event, String list, String name) {
    return event.<Message>getList(list).stream().anyMatch(p -> p.getString("name").equals(name));
  }

  private static PyrosException cause(Runnable r) {
    try {
      r.run();
    } catch (CompletionException e) {
      return (PyrosException) e.getCause();
    }
    throw new AssertionError("no failure");
  }
}
