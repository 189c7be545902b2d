package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.peer.RosPeer;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcLimits;

/**
 * A publisherUpdate listing 10,000 publishers that are not there (closed ports) is worked
 * through a few connection attempts at a time: the node's open descriptors stay near where they
 * were, and a real rospy publisher then still delivers.
 */
class PublisherFloodInteropTest {
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private static long openDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void tenThousandBogusPublishersLeaveTheNodeWorking() throws Exception {
    RosPeer ros = RosPeer.startMaster();
    started.add(ros);
    ActorTestKit kit = ActorTestKit.create();
    started.add(kit::shutdownTestKit);
    RosSystem node = RosSystem.start(kit.system(), RosSettings.forMaster("pyros_flood", ros.masterUri()), MessageTypes.fromEnvironment())
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    started.add(node);
    LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
    node.subscribe(new TopicInfo("/flood", "std_msgs/String"), 10, got::add).toCompletableFuture().get(10, TimeUnit.SECONDS);

    long before = openDescriptors();
    AtomicLong most = new AtomicLong(before);
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        most.accumulateAndGet(openDescriptors(), Math::max);
        Thread.onSpinWait();
      }
    }, "fd-sampler");
    sampler.start();
    started.add(() -> {
      sampling.set(false);
      sampler.join();
    });

    int closedPort = RosPeer.freePort();
    List<String> bogus = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      bogus.add("http://127.0.0.1:" + closedPort + "/bogus" + i);
    }
    XmlRpcClient client = new XmlRpcClient(Duration.ofSeconds(10), Duration.ofSeconds(10), XmlRpcLimits.DEFAULT);
    Object answer = client.call(node.nodeUri(), "publisherUpdate", "/master", "/flood", bogus)
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertEquals(1, ((List<?>) answer).get(0), String.valueOf(answer));
    // The node API answers meanwhile.
    Object pid = client.call(node.nodeUri(), "getPid", "/checker").toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertEquals(1, ((List<?>) pid).get(0), String.valueOf(pid));

    try (RosPeer.Program pub = ros.start("rostopic", "pub", "-r", "10", "/flood", "std_msgs/String", "data: still here")) {
      Message m = got.poll(60, TimeUnit.SECONDS);
      assertNotNull(m, "no message from rostopic pub after the flood");
      assertEquals("still here", m.getString("data"));
    }
    sampling.set(false);
    sampler.join();
    assertTrue(most.get() - before < 300, "descriptors went from " + before + " to " + most.get() + " during the flood");
  }
}
