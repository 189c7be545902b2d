package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.testkit.PyrosTestKit;
import org.pyros.testkit.ScriptedPublisher;

/**
 * The Foxglove {@code connectionGraph} capability on a ROS 1 graph (the embedded master): a
 * client that subscribes learns which nodes publish, subscribe and provide what, then only
 * what changes.
 */
class FoxgloveConnectionGraphTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private PyrosTestKit kit;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    kit = PyrosTestKit.embeddedRos(PyrosTestKit.EVERYTHING);
    gateway = Gateway.start(kit.system(), kit.client(), kit.node(),
        GatewaySettings.fromConfig(kit.system().settings().config()).withPort(0)).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    gateway.close();
    kit.close();
  }

  private static JsonNode entry(JsonNode update, String list, String name) {
    for (JsonNode e : update.path(list)) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void aSubscribedClientLearnsTheGraphThenItsChanges() throws Exception {
    ScriptedPublisher pub = kit.graph().publishing("/graph_topic", StandardTypes.STRING,
        Message.builder(StandardTypes.STRING).set("data", "x").build());
    kit.await(kit.client().awaitTopic("/graph_topic", WAIT));
    try (FoxgloveSocket ws = FoxgloveSocket.connect(gateway.websocketUri())) {
      JsonNode info = ws.nextOp("serverInfo", WAIT);
      assertTrue(info.path("capabilities").toString().contains("connectionGraph"), info.toString());
      ws.send("{\"op\":\"subscribeConnectionGraph\"}");
      JsonNode first = ws.next(m -> m.path("op").asText().equals("connectionGraphUpdate")
          && entry(m, "publishedTopics", "/graph_topic") != null, WAIT);
      assertEquals("[\"/pyros_testkit\"]", entry(first, "publishedTopics", "/graph_topic").path("publisherIds").toString(),
          first.toString());
      assertEquals(0, first.path("removedTopics").size(), first.toString());

      pub.close();
      // Nobody publishes it any more: it is gone, or (while nodes still subscribe) published by no one.
      JsonNode unpublished = ws.next(m -> m.path("op").asText().equals("connectionGraphUpdate")
          && (m.path("removedTopics").toString().contains("\"/graph_topic\"")
              || "[]".equals(String.valueOf(entry(m, "publishedTopics", "/graph_topic") == null ? null
                  : entry(m, "publishedTopics", "/graph_topic").path("publisherIds")))), WAIT);
      assertEquals(null, entry(unpublished, "publishedTopics", "/rosout"), "only what changed: " + unpublished);

      ws.send("{\"op\":\"unsubscribeConnectionGraph\"}");
      ScriptedPublisher again = kit.graph().publishing("/graph_topic_2", StandardTypes.STRING,
          Message.builder(StandardTypes.STRING).set("data", "y").build());
      try {
        // The new topic's channel comes from the same poll as the graph: no graph update before it.
        JsonNode next = ws.next(m -> m.path("op").asText().equals("connectionGraphUpdate")
            || (m.path("op").asText().equals("advertise") && m.toString().contains("/graph_topic_2")), WAIT);
        assertEquals("advertise", next.path("op").asText(), "an update after unsubscribing: " + next);
      } finally {
        again.close();
      }
    }
  }
}
