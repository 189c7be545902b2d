package org.pyros.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;
import org.pyros.core.system.memory.InMemorySystem;

/** A topic actor that stops while the system has not yet answered its subscribe or advertise. */
class TopicActorTest {
  static final ActorTestKit kit = ActorTestKit.create(ConfigFactory.load());
  static final TopicInfo TOPIC = new TopicInfo("/slow/topic", StandardTypes.STRING.name());
  final InMemorySystem real = new InMemorySystem();
  final CompletableFuture<Registration> subscribe = new CompletableFuture<>();
  final CompletableFuture<TopicPublisher> advertise = new CompletableFuture<>();
  final CompletableFuture<Done> subscribeAsked = new CompletableFuture<>();
  final CompletableFuture<Done> advertiseAsked = new CompletableFuture<>();

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  @AfterEach
  void closeSystem() {
    real.close();
  }

  /** The in-memory system, except that subscribe and advertise answer when the test completes them. */
  GraphSystem held() {
    return (GraphSystem) Proxy.newProxyInstance(GraphSystem.class.getClassLoader(), new Class<?>[] {GraphSystem.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "subscribe" -> {
            subscribeAsked.complete(Done.getInstance());
            yield subscribe;
          }
          case "advertise" -> {
            advertiseAsked.complete(Done.getInstance());
            yield advertise;
          }
          default -> {
            try {
              yield method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
        });
  }

  ActorRef<TopicActor.Command> spawnTopic() {
    TestProbe<NodeBehavior.Internal> node = kit.createTestProbe();
    return kit.spawn(TopicActor.create(TOPIC, StandardTypes.STRING, held(),
        NodeSettings.fromConfig(kit.system().settings().config()), node.ref(), new InFlight(1000, 1000, new NodeLoad()),
        new org.pyros.core.metrics.PyrosMetrics().topic(TOPIC.name(), java.util.Optional.empty())));
  }

  static Registration counting(AtomicInteger cancels) {
    return cancels::incrementAndGet;
  }

  @Test
  void aSubscriptionGrantedAfterTheTopicStoppedIsCancelled() throws Exception {
    ActorRef<TopicActor.Command> topic = spawnTopic();
    subscribeAsked.get(10, TimeUnit.SECONDS);
    topic.tell(new TopicActor.Stop("no longer exposed"));
    kit.createTestProbe().expectTerminated(topic, Duration.ofSeconds(10));

    AtomicInteger cancels = new AtomicInteger();
    subscribe.complete(counting(cancels));
    assertEquals(1, cancels.get(), "the late subscription is cancelled, not left delivering to a stopped actor");
  }

  @Test
  void aPublisherGrantedAfterTheTopicStoppedIsCancelled() throws Exception {
    AtomicInteger subscriptionCancels = new AtomicInteger();
    subscribe.complete(counting(subscriptionCancels));
    ActorRef<TopicActor.Command> topic = spawnTopic();
    TestProbe<Reply<Done>> publisher = kit.createTestProbe();
    topic.tell(new TopicActor.Publish(Message.builder(StandardTypes.STRING).set("data", "x").build(), publisher.ref()));
    advertiseAsked.get(10, TimeUnit.SECONDS);
    topic.tell(new TopicActor.Stop("no longer exposed"));
    kit.createTestProbe().expectTerminated(topic, Duration.ofSeconds(10));
    assertInstanceOf(Reply.Failed.class, publisher.receiveMessage(Duration.ofSeconds(10)), "the waiting publish is answered");

    AtomicInteger publisherCancels = new AtomicInteger();
    advertise.complete(new TopicPublisher() {
      @Override
      public void publish(Message message) {}

      @Override
      public void cancel() {
        publisherCancels.incrementAndGet();
      }
    });
    assertEquals(1, publisherCancels.get(), "the late publisher is cancelled (unadvertised)");
    assertEquals(1, subscriptionCancels.get());
  }
}
