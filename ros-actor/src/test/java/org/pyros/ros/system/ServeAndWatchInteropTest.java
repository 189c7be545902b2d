package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.peer.RosPeer;

/**
 * A service served from plain Java and params followed through the master, on Pyros's embedded
 * master, against Debian's rospy tools: {@code rosservice call} reaches the Java handler, {@code
 * rosparam set} reaches the watcher.
 */
class ServeAndWatchInteropTest {
  static final String NODE = "/pyros_serve_watch";
  static final Duration WAIT = Duration.ofSeconds(20);
  static EmbeddedMaster master;
  static RosPeer ros;
  static RosNodeFixture pyros;

  @BeforeAll
  static void start() throws Exception {
    master = EmbeddedMaster.start();
    ros = RosPeer.forMaster(master.uri());
    pyros = RosNodeFixture.start(master.uri(), NODE);
  }

  @AfterAll
  static void stop() {
    if (pyros != null) {
      pyros.close();
    }
    if (ros != null) {
      ros.close();
    }
    if (master != null) {
      master.close();
    }
  }

  static Optional<Object> next(BlockingQueue<Optional<Object>> seen) throws InterruptedException {
    Optional<Object> v = seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (v == null) {
      throw new AssertionError("no param value within " + WAIT);
    }
    return v;
  }

  @Test
  void rosserviceCallReachesAJavaHandlerUntilItIsWithdrawn() {
    MessageType response = await(pyros.ros.serviceType("std_srvs/SetBool")).response();
    PyrosClient.ProvidedService provided = await(pyros.client.provideService("/s/java_flag", "std_srvs/SetBool", request ->
        request.getBool("data")
            ? CompletableFuture.completedFuture(Message.builder(response).set("success", true).set("message", "java says yes").build())
            : CompletableFuture.failedFuture(new IllegalArgumentException("java refuses false"))));
    Interop.awaitService(master.uri(), "/s/java_flag", NODE);

    RosPeer.Result yes = ros.run("rosservice", "call", "/s/java_flag", "data: true");
    assertTrue(yes.ok(), yes.toString());
    assertTrue(yes.stdout().contains("message: \"java says yes\""), yes.toString());
    RosPeer.Result no = ros.run("rosservice", "call", "/s/java_flag", "data: false");
    assertFalse(no.ok(), no.toString());
    assertTrue(no.stderr().contains("java refuses false"), no.toString());

    await(provided.withdraw());
    RosPeer.await("/s/java_flag unregistered", WAIT,
        () -> !Interop.systemState(master.uri()).services().containsKey("/s/java_flag"));
  }

  @Test
  void rosparamSetAndDeleteReachAWatcher() throws Exception {
    BlockingQueue<Optional<Object>> seen = new LinkedBlockingQueue<>();
    PyrosClient.ParamWatch watch = await(pyros.client.watchParam("/p/peer/rate", seen::add));
    assertEquals(Optional.empty(), next(seen));

    RosPeer.Result set = ros.run("rosparam", "set", "/p/peer/rate", "12.5");
    assertTrue(set.ok(), set.toString());
    assertEquals(Optional.of(12.5), next(seen));

    // A whole namespace set by the peer: the master sends the watched key's part of it.
    RosPeer.Result ns = ros.run("rosparam", "set", "/p/peer", "{rate: 20.0, name: arm}");
    assertTrue(ns.ok(), ns.toString());
    assertEquals(Optional.of(20.0), next(seen));

    // Set through this node: the master does not tell the setter, the node tells its watchers.
    await(pyros.client.setParam("/p/peer/rate", 7.5));
    assertEquals(Optional.of(7.5), next(seen));

    RosPeer.Result delete = ros.run("rosparam", "delete", "/p/peer/rate");
    assertTrue(delete.ok(), delete.toString());
    assertEquals(Optional.empty(), next(seen));

    await(watch.cancel());
    assertEquals(Optional.of("arm"), await(pyros.client.param("/p/peer/name", String.class)));
  }

  @Test
  void aWatchedNamespaceMergesTheChildrenThePeerSets() throws Exception {
    BlockingQueue<Optional<Object>> seen = new LinkedBlockingQueue<>();
    await(pyros.client.watchParam("/p/arm", seen::add));
    assertEquals(Optional.empty(), next(seen));
    assertTrue(ros.run("rosparam", "set", "/p/arm/speed", "3").ok());
    assertEquals(Optional.of(Map.of("speed", 3)), next(seen));
    assertTrue(ros.run("rosparam", "set", "/p/arm/joints", "[a, b]").ok());
    assertEquals(Optional.of(Map.of("speed", 3, "joints", List.of("a", "b"))), next(seen));
    assertTrue(ros.run("rosparam", "delete", "/p/arm/speed").ok());
    assertEquals(Optional.of(Map.of("joints", List.of("a", "b"))), next(seen));
  }
}
