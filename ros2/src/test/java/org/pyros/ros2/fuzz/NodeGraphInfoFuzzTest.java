package org.pyros.ros2.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.pyros.ros2.cdr.CdrFormatException;
import org.pyros.ros2.system.NodeGraphFuzzing;

/**
 * Fuzzes the reader of ros_discovery_info samples (any ROS 2 participant's node information):
 * any input is read in one GID form or refused with {@link CdrFormatException}; what is read
 * writes and reads back the same.
 */
class NodeGraphInfoFuzzTest {
  private static final FuzzTally tally = new FuzzTally("ros2-node-graph-info");

  @FuzzTest(maxDuration = "5s")
  void decode(FuzzedDataProvider data) {
    tally.input();
    ByteString bytes = ByteString.fromArrayUnsafe(data.consumeRemainingAsBytes());
    String read;
    try {
      read = NodeGraphFuzzing.roundTrip(bytes);
    } catch (CdrFormatException e) {
      tally.refused();
      return;
    }
    assertEquals(read, NodeGraphFuzzing.roundTrip(NodeGraphFuzzing.reencode(bytes)));
  }

  @AfterAll
  static void record() {
    tally.write();
  }
}
