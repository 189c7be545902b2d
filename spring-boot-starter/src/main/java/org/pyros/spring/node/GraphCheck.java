package org.pyros.spring.node;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Whether the graph behind a running node can be reached now: the ROS master answers, DDS
 * discovery has found other participants, the cluster knows the member hosting the node.
 */
@FunctionalInterface
public interface GraphCheck {
  /** Completes with details to show when the graph is reachable; fails with the reason when not. */
  CompletionStage<Map<String, Object>> check();
}
