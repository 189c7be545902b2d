package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.TopicTraffic;
import org.pyros.ros.msg.MessageDefinitions;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.tcpros.TopicSpec;
import org.pyros.ros.xmlrpc.XmlRpcClient;

/** The publisher list of one subscribed topic, as the master's answers and updates set it. */
class TopicSubscribersTest {
  private static final URI SELF = URI.create("http://127.0.0.1:1/");
  private static final URI TALKER = URI.create("http://127.0.0.1:2/");
  private static final URI OTHER = URI.create("http://127.0.0.1:3/");

  // No attempt may run: the list is what is under test, not the connections.
  private final TopicSubscribers subs = subscribers(new ConnectAttempts(0, 16));

  @AfterEach
  void close() {
    subs.close();
  }

  @Test
  void aRegistrationAnswerThatComesAfterAnUpdateDoesNotDropTheUpdatesPublisher() {
    long before = subs.updates();
    // The talker registered after us: the master's update reached us before its answer to our registration.
    subs.publisherUpdate(List.of(TALKER));
    subs.registered(before, List.of());
    assertEquals(Set.of(TALKER), subs.publishers());
  }

  @Test
  void aRegistrationAnswerWithNoUpdateSinceSetsTheList() {
    subs.registered(subs.updates(), List.of(TALKER, SELF));
    assertEquals(Set.of(TALKER), subs.publishers(), "our own node is reached in process");
    subs.publisherUpdate(List.of(OTHER));
    assertEquals(Set.of(OTHER), subs.publishers());
  }

  private static TopicSubscribers subscribers(ConnectAttempts attempts) {
    MessageType string = MessageTypes.fromEnvironment().messageType("std_msgs/String");
    TopicSpec spec = new TopicSpec("/chatter", string.name(), "992ce8a1687cec8c8bd883ec73ca41d1", MessageDefinitions.fullText(string));
    return new TopicSubscribers(new XmlRpcClient(), "/test", SELF, spec, string, attempts, new TopicTraffic());
  }
}
