package org.pyros.cluster;

import java.util.concurrent.CompletionStage;
import org.pyros.core.system.GraphSystem;

/**
 * Starts the graph system a node host's node runs on, asynchronously (as {@code
 * RosSystem.start} does): called each time this member starts to host the node.
 */
@FunctionalInterface
public interface GraphSystemStart {

  /** Starts a fresh graph system; a failed stage makes the host try again with backoff. */
  CompletionStage<? extends GraphSystem> start();
}
