package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.pyros.ros.system.RosNodeFixture.await;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.client.PyrosClient;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.peer.RosPeer;

/**
 * A Pyros node exposing every topic subscribes to a rospy node's topic only while it is used,
 * as the real master's {@code getSystemState} shows: not before a client subscribes, while it
 * does, not after it cancels; and for the linger after a {@code latest}.
 */
class LazySubscriptionInteropTest {
  static final String NODE = "/pyros_lazy";
  static final String TOPIC = "/t/lazy";
  RosPeer ros;

  @BeforeEach
  void master() throws Exception {
    ros = RosPeer.startMaster();
  }

  @AfterEach
  void stop() {
    ros.close();
  }

  static boolean listedAsSubscriber(URI master, String topic) {
    return Interop.systemState(master).subscribers().getOrDefault(topic, List.of()).contains(NODE);
  }

  @Test
  void theMasterListsTheNodeAsSubscriberOnlyWhileAClientSubscribesOrLingersAfterLatest() throws Exception {
    try (RosPeer.Program talker = ros.startPython(ReadyOnStartInteropTest.talker("lazy_talker", TOPIC))) {
      talker.awaitOutput("ready", Duration.ofSeconds(20));
      Interop.awaitPublisher(ros.masterUri(), TOPIC, "/lazy_talker");
      try (RosNodeFixture pyros = RosNodeFixture.start(ros.masterUri(), NODE, MessageTypes.fromEnvironment(),
          ConfigFactory.parseMap(Map.of("pyros.expose.topics.allow", List.of("/**"), "pyros.topic.latest-linger", "3s")))) {
        URI master = ros.masterUri();
        Interop.retry(() -> await(pyros.client.topicType(TOPIC)));
        // A subscription the node does make is registered by now; the unused topic's is not.
        PyrosClient.TopicSubscription witness = await(pyros.client.subscribe("/t/witness", "std_msgs/String", m -> {}));
        Interop.awaitSubscriber(master, "/t/witness", NODE);
        assertFalse(listedAsSubscriber(master, TOPIC), "subscribed to " + TOPIC + " before anyone asked");
        List<String> all = Interop.systemState(master).subscribers().entrySet().stream()
            .filter(e -> e.getValue().contains(NODE)).map(Map.Entry::getKey).toList();
        assertEquals(List.of("/t/witness"), all, "a node exposing /** subscribes only to what is used");
        await(witness.cancel());

        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        PyrosClient.TopicSubscription sub = await(pyros.client.subscribe(TOPIC, m -> got.add(m.getString("data"))));
        Interop.awaitSubscriber(master, TOPIC, NODE);
        assertNotNull(got.poll(20, TimeUnit.SECONDS), "no message from the talker\n" + talker.stderr());
        await(sub.cancel());
        RosPeer.await(NODE + " no longer subscribing to " + TOPIC, Duration.ofSeconds(20),
            () -> !listedAsSubscriber(master, TOPIC));

        // The first latest subscribes and waits for a message; the linger then ends the subscription.
        String latest = Interop.retry(() -> await(pyros.client.latest(TOPIC)).orElseThrow().getString("data"));
        assertNotNull(latest);
        Interop.awaitSubscriber(master, TOPIC, NODE);
        RosPeer.await(NODE + " unsubscribing after the linger", Duration.ofSeconds(20), () -> !listedAsSubscriber(master, TOPIC));
      }
    }
  }
}
