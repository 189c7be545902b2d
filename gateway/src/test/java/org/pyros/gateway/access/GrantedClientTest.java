package org.pyros.gateway.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.testkit.PyrosTestKit;

/** A grant narrows listings and refuses names outside it; param namespaces are pruned to it. */
class GrantedClientTest {
  private static ErrorCode code(java.util.concurrent.CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
      return null;
    } catch (CompletionException e) {
      return e.getCause() instanceof PyrosException p ? p.code() : null;
    }
  }

  @Test
  void listingsAndNamesAreNarrowedToTheGrant() {
    try (PyrosTestKit kit = PyrosTestKit.inMemory()) {
      Message hi = Message.builder(StandardTypes.STRING).set("data", "x").build();
      kit.graph().publishing("/robot/pose", StandardTypes.STRING, hi);
      kit.graph().publishing("/secret", StandardTypes.STRING, hi);
      kit.graph().setParam("/robot/speed", 1.5);
      kit.graph().setParam("/robot/key/value", "hidden");
      kit.await(kit.client().awaitTopic("/secret", java.time.Duration.ofSeconds(10)));
      Grant grant = new Grant("reader", NameFilter.allowing("/robot/**"), NameFilter.NONE,
          NameFilter.allowing("/robot", "/robot/speed"), NameFilter.NONE, NameFilter.allowing("/robot/speed"), NameFilter.NONE);
      PyrosClient granted = GrantedClient.of(kit.client(), grant);

      assertEquals(List.of("/robot/pose"), kit.await(granted.topics()).stream().map(t -> t.name()).toList());
      assertEquals(ErrorCode.NOT_EXPOSED, code(granted.latest("/secret")));
      assertEquals(ErrorCode.NOT_EXPOSED, code(granted.publish("/robot/pose", hi)));
      assertEquals(Optional.of(Map.of("speed", 1.5)), kit.await(granted.param("/robot")));
      assertEquals(ErrorCode.NOT_EXPOSED, code(granted.setParam("/robot", Map.of("speed", 2.0, "key", Map.of("value", "x")))));
      kit.await(granted.setParam("/robot", Map.of("speed", 2.0)));
      assertEquals(Optional.of(2.0), kit.await(kit.client().param("/robot/speed")));
      assertEquals(ErrorCode.NOT_EXPOSED, code(granted.reconfigure(null)));
      assertTrue(GrantedClient.of(kit.client(), Grant.EVERYTHING) == kit.client(), "no tokens: no wrapper");
    }
  }
}
