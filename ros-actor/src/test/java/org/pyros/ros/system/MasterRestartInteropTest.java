package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyros.ros.system.RosNodeFixture.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;
import org.pyros.ros.peer.RosPeer;

/**
 * The master dies (SIGKILL: no goodbye to anyone) and a new one starts on the same port with an
 * empty graph: Pyros must register everything again, and traffic must resume both ways.
 */
class MasterRestartInteropTest {
  static final String NODE = "/pyros_restart";
  RosPeer ros;
  RosPeer.Program master;
  RosNodeFixture pyros;

  @AfterEach
  void stop() {
    if (pyros != null) {
      pyros.close();
    }
    if (ros != null) {
      ros.close(); // stops the master too
    }
  }

  RosPeer.Program startMaster(int port) {
    RosPeer.Program m = ros.start("rosmaster", "--core", "-p", Integer.toString(port));
    Interop.retry(() -> {
      assertTrue(m.isAlive(), "rosmaster exited: " + m.stderr());
      return Interop.systemState(ros.masterUri());
    });
    return m;
  }

  @Test
  void pyrosRegistersAgainAfterTheMasterIsKilledAndTrafficResumes() throws Exception {
    int port = RosPeer.freePort();
    URI uri = URI.create("http://127.0.0.1:" + port + "/");
    ros = RosPeer.forMaster(uri);
    master = startMaster(port);
    pyros = RosNodeFixture.start(uri, NODE);
    MessageType string = await(pyros.ros.messageType("std_msgs/String"));

    // Before: Pyros subscribes to /t/in (fed by rostopic pub) and publishes /t/out.
    LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
    try (RosPeer.Program pub = ros.start("rostopic", "pub", "-r", "10", "/t/in", "std_msgs/String", "data: before")) {
      Interop.retry(() -> await(pyros.client.subscribe("/t/in", got::add)));
      Message first = got.poll(20, TimeUnit.SECONDS);
      assertEquals("before", first == null ? null : first.getString("data"));
    }
    await(pyros.client.publish("/t/out", Message.builder(string).set("data", "before").build()));
    MessageType triggerResponse = await(pyros.ros.serviceType("std_srvs/Trigger")).response();
    ActorRef<ServiceRequest> handler = pyros.testKit.spawn(Behaviors.receiveMessage(req -> {
      req.replyTo().tell(Reply.ok(Message.builder(triggerResponse).set("success", true).set("message", "pyros here").build()));
      return Behaviors.same();
    }));
    TestProbe<Reply<Done>> provided = pyros.testKit.createTestProbe();
    pyros.node.tell(new PyrosNode.ProvideService("/s/trigger", "std_srvs/Trigger", handler, provided.ref()));
    assertInstanceOf(Reply.Ok.class, provided.receiveMessage(Duration.ofSeconds(10)));
    Interop.awaitPublisher(uri, "/t/out", NODE);
    Interop.awaitSubscriber(uri, "/t/in", NODE);
    Interop.awaitService(uri, "/s/trigger", NODE);

    long killed = System.nanoTime();
    master.signal("KILL");
    assertTrue(master.waitFor(Duration.ofSeconds(5)), "rosmaster survived SIGKILL");
    master = startMaster(port);
    long masterUp = System.nanoTime();

    Interop.awaitPublisher(uri, "/t/out", NODE);
    Interop.awaitSubscriber(uri, "/t/in", NODE);
    Interop.awaitPublisher(uri, "/rosout", NODE);
    Interop.awaitService(uri, "/s/trigger", NODE);
    long registered = System.nanoTime();
    System.out.printf("Master restart: Pyros registered again %d ms after the new master answered (%d ms after the kill)%n",
        TimeUnit.NANOSECONDS.toMillis(registered - masterUp), TimeUnit.NANOSECONDS.toMillis(registered - killed));

    // A publisher that exists only on the new master reaches the Pyros subscriber.
    got.clear();
    try (RosPeer.Program pub = ros.start("rostopic", "pub", "-r", "10", "/t/in", "std_msgs/String", "data: after")) {
      Message m = got.poll(20, TimeUnit.SECONDS);
      while (m != null && m.getString("data").equals("before")) {
        m = got.poll(20, TimeUnit.SECONDS);
      }
      assertNotNull(m, "nothing from the rostopic pub started after the restart: " + pub.stderr());
      assertEquals("after", m.getString("data"));
    }
    long inbound = System.nanoTime();

    // A subscriber that exists only on the new master gets Pyros's publications.
    try (RosPeer.Program echo = ros.start("rostopic", "echo", "-n", "1", "/t/out")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (echo.isAlive() && System.nanoTime() < deadline) {
        await(pyros.client.publish("/t/out", Message.builder(string).set("data", "after").build()));
        echo.waitFor(Duration.ofMillis(100));
      }
      assertTrue(echo.waitFor(Duration.ofSeconds(5)), "rostopic echo saw nothing: " + echo.stderr());
      assertEquals("data: \"after\"", echo.stdout().lines().findFirst().orElse(""), echo.stdout());
    }
    RosPeer.Result call = ros.run("rosservice", "call", "/s/trigger");
    assertTrue(call.ok(), call.toString());
    assertTrue(call.stdout().contains("message: \"pyros here\""), call.toString());
    System.out.printf("Master restart: topics both ways and a service call work %d ms after the new master answered%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - masterUp));
    assertTrue(inbound > registered);
  }
}
