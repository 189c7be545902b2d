package org.pyros.samples.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's demo command, both ways: on the embedded ROS master (default) and in memory. */
class DemoTest {
  private static String runDemo(String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Demo.main(args);
    } finally {
      System.setOut(original);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }

  @Test
  void demoRunsOnTheEmbeddedMaster() throws Exception {
    String out = runDemo("3");
    assertTrue(out.contains("on ROS1 nodes /robot_sim and /pyros on an embedded master"), out);
    assertTrue(out.contains("Exposed services: [ServiceInfo[name=/robot/step, type=std_srvs/Trigger]]"), out);
    assertTrue(out.contains("Called /robot/step: moved to x=0.5"), out);
    assertTrue(out.contains("param /secret is not exposed"), out);
    assertTrue(out.contains("Demo done: 3 messages received."), out);
  }

  @Test
  void demoRunsInMemory() throws Exception {
    String out = runDemo("--in-memory", "3");
    assertTrue(out.contains("on the in-memory graph"), out);
    assertTrue(out.contains("Demo done: 3 messages received."), out);
  }
}
