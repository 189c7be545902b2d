package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.msg.MessageTypes;
import org.slf4j.LoggerFactory;

/**
 * A normal life of a ROS node logs no false alarm: registrations made while the master is
 * polled (every 10 ms here, to meet the race often) are not "registered again", and closing
 * does not say the master stopped answering.
 */
class QuietLogTest {
  @Test
  void startRegisterAndCloseRaiseNoAlarm() throws Exception {
    Logger pyrosLog = (Logger) LoggerFactory.getLogger("org.pyros.ros");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    pyrosLog.addAppender(seen);
    ActorTestKit testKit = ActorTestKit.create();
    try (EmbeddedMaster master = EmbeddedMaster.builder().port(0).start()) {
      RosSettings settings = new RosSettings("/pyros_quiet", master.uri(), "127.0.0.1", "127.0.0.1", 0, 0,
          Duration.ofMillis(10), Duration.ofSeconds(3));
      RosSystem ros = RosSystem.start(testKit.system(), settings, MessageTypes.fromEnvironment())
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      try {
        List<Registration> registrations = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          registrations.add(ros.subscribe(new TopicInfo("/quiet/sub" + i, "std_msgs/String"), 10, m -> {})
              .toCompletableFuture().get(10, TimeUnit.SECONDS));
          TopicPublisher pub = ros.advertise(new TopicInfo("/quiet/pub" + i, "std_msgs/String"), new PublishOptions(false, 10))
              .toCompletableFuture().get(10, TimeUnit.SECONDS);
          registrations.add(pub::cancel);
          registrations.add(ros.serve(new ServiceInfo("/quiet/srv" + i, "std_srvs/Trigger"),
              r -> java.util.concurrent.CompletableFuture.<Message>failedFuture(new IllegalStateException("unused")))
              .toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
      } finally {
        ros.close();
      }
    } finally {
      testKit.shutdownTestKit();
      pyrosLog.detachAppender(seen);
    }
    List<String> alarms = seen.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("Registering again") || m.contains("does not answer"))
        .toList();
    assertEquals(List.of(), alarms);
  }
}
