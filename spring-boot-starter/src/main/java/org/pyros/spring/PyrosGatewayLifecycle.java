package org.pyros.spring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pyros.gateway.Gateway;
import org.pyros.gateway.GatewaySettings;
import org.pyros.spring.node.RunningPyros;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the gateway in front of the node with its bean, and stops it before the node stops
 * (its phase is one above {@link PyrosLifecycle#PHASE}), so its clients are cut off first.
 */
public final class PyrosGatewayLifecycle implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PyrosGatewayLifecycle.class);
  private static final long START_SECONDS = 30;

  private final Gateway gateway;
  private final AtomicBoolean running = new AtomicBoolean(true);

  private PyrosGatewayLifecycle(Gateway gateway) {
    this.gateway = gateway;
  }

  /**
   * Starts the gateway on the settings of {@code pyros.gateway} (host, port and the rest), its
   * connection meters among the node's.
   *
   * @throws IllegalStateException when it cannot listen
   */
  public static PyrosGatewayLifecycle start(RunningPyros pyros) {
    try {
      // The node's meters, so that the gateway's connections show where the starter binds them.
      GatewaySettings settings = GatewaySettings.fromConfig(pyros.actors().settings().config());
      Gateway g = Gateway.start(pyros.actors(), pyros.client(), pyros.node(), settings, pyros.metrics()).toCompletableFuture()
          .get(START_SECONDS, TimeUnit.SECONDS);
      return new PyrosGatewayLifecycle(g);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the Pyros gateway started", e);
    } catch (Exception e) {
      Throwable why = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("the Pyros gateway cannot listen (pyros.gateway.host/port): " + why.getMessage(), why);
    }
  }

  /** The gateway (its port, URIs). */
  public Gateway gateway() {
    return gateway;
  }

  @Override
  public void start() {
    // Started with its bean, as the node is.
  }

  @Override
  public void stop() {
    if (running.compareAndSet(true, false)) {
      gateway.close();
      log.info("Pyros gateway on {} stopped", gateway.address());
    }
  }

  @Override
  public boolean isRunning() {
    return running.get();
  }

  @Override
  public int getPhase() {
    return PyrosLifecycle.PHASE + 1;
  }
}
