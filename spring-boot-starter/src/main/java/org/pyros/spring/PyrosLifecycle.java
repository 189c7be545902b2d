package org.pyros.spring;

import org.pyros.spring.node.RunningPyros;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Stops the node when the application context stops or closes: it unregisters from the ROS
 * graph (or leaves the cluster) before the application's beans are destroyed. Its phase is
 * below the web server's, so the server has drained its requests (graceful shutdown) before
 * the node they use goes away.
 *
 * <p>The node itself is started when its bean is created, so that the {@code PyrosClient}
 * bean can be injected like any other; a stopped node is not started again.
 */
public final class PyrosLifecycle implements SmartLifecycle {
  /** Below the web server's phases (graceful shutdown and stop), above the default 0. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
  private static final Logger log = LoggerFactory.getLogger(PyrosLifecycle.class);

  private final RunningPyros pyros;

  public PyrosLifecycle(RunningPyros pyros) {
    this.pyros = pyros;
  }

  @Override
  public void start() {
    // Started already with its bean; see the class comment.
  }

  @Override
  public void stop() {
    try {
      pyros.close();
      log.info("Pyros node on {} stopped", pyros.description());
    } catch (RuntimeException e) {
      log.warn("Pyros node on {} did not stop cleanly: {}", pyros.description(), e.toString());
    }
  }

  @Override
  public boolean isRunning() {
    return pyros.isUp();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
