package org.pyros.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;

/** A kit in one line, with a narrow exposure; and an extension giving each test its own graph. */
class OneLineKitTest {
  @RegisterExtension
  final PyrosTestKitExtension perTest = PyrosTestKitExtension.inMemory();

  @Test
  void exposureLimitsWhatTheApplicationReaches() {
    Exposure robotOnly = new Exposure(NameFilter.allowing("/robot/**"), NameFilter.allowing("/robot/*"), NameFilter.allowing("/robot/**"));
    try (PyrosTestKit kit = PyrosTestKit.inMemory(robotOnly)) {
      // The node never sees /hidden; scripting it must not wait for that.
      kit.graph().publishing("/hidden", StandardTypes.STRING, Message.builder(StandardTypes.STRING).build());
      PyrosException e = assertThrows(PyrosException.class, () -> kit.await(kit.client().subscribe("/hidden", m -> {})));
      assertEquals(ErrorCode.NOT_EXPOSED, e.code());

      kit.graph().publishing("/robot/state", StandardTypes.STRING, Message.builder(StandardTypes.STRING).set("data", "ok").build()).now();
      assertEquals("ok", kit.expectPublished("/robot/state", Duration.ofSeconds(3)).getString("data"));
    }
  }

  @Test
  void eachTestHasAFreshGraphA() {
    freshGraph();
  }

  @Test
  void eachTestHasAFreshGraphB() {
    freshGraph();
  }

  private void freshGraph() {
    PyrosTestKit kit = perTest.kit();
    assertEquals(Optional.empty(), kit.graph().param("/shared/marker"), "a param left by another test");
    kit.graph().setParam("/shared/marker", true);
    assertTrue(kit.await(kit.client().param("/shared/marker")).isPresent());
  }
}
