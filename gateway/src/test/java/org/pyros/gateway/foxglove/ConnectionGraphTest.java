package org.pyros.gateway.foxglove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.core.graph.NodeInfo;

class ConnectionGraphTest {
  private static final NodeInfo TALKER = new NodeInfo("/talker", List.of("/chatter"), List.of(), List.of("/talker/get_loggers"));
  private static final NodeInfo LISTENER = new NodeInfo("/listener", List.of(), List.of("/chatter"), List.of());

  @Test
  void theFirstUpdateListsEverythingByNode() {
    ObjectNode op = ConnectionGraph.of(List.of(TALKER, LISTENER)).updateSince(ConnectionGraph.EMPTY).orElseThrow();
    assertEquals("[{\"name\":\"/chatter\",\"publisherIds\":[\"/talker\"]}]", op.path("publishedTopics").toString());
    assertEquals("[{\"name\":\"/chatter\",\"subscriberIds\":[\"/listener\"]}]", op.path("subscribedTopics").toString());
    assertEquals("[{\"name\":\"/talker/get_loggers\",\"providerIds\":[\"/talker\"]}]", op.path("advertisedServices").toString());
    assertEquals(0, op.path("removedTopics").size());
  }

  @Test
  void laterUpdatesCarryOnlyChangesAndATopicThatLostItsSubscribersGetsAnEmptyList() {
    ConnectionGraph both = ConnectionGraph.of(List.of(TALKER, LISTENER));
    assertTrue(ConnectionGraph.of(List.of(LISTENER, TALKER)).updateSince(both).isEmpty(), "no change, no update");

    ObjectNode op = ConnectionGraph.of(List.of(TALKER)).updateSince(both).orElseThrow();
    assertEquals("[]", op.path("publishedTopics").toString());
    assertEquals("[{\"name\":\"/chatter\",\"subscriberIds\":[]}]", op.path("subscribedTopics").toString());
    assertEquals("[]", op.path("removedTopics").toString(), "still published");

    ObjectNode gone = ConnectionGraph.EMPTY.updateSince(both).orElseThrow();
    assertEquals("[\"/chatter\"]", gone.path("removedTopics").toString());
    assertEquals("[\"/talker/get_loggers\"]", gone.path("removedServices").toString());
    assertEquals("[]", gone.path("publishedTopics").toString(), "a removed topic is not also listed empty");
  }
}
