package org.pyros.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a command's connection once, whichever way the command ends: normally, or by Ctrl-C
 * (SIGINT) or SIGTERM, when the JVM runs its shutdown hooks while the command still waits. So the
 * node unregisters from the master on every way out (a ROS 1 node closes in a few seconds at
 * most) instead of staying listed with a dead address.
 */
final class ExitGuard implements AutoCloseable {
  private final GraphConnection connection;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread hook;

  private ExitGuard(GraphConnection connection) {
    this.connection = connection;
    this.hook = new Thread(this::closeConnection, "pyros-cli-exit");
  }

  /** Guards {@code connection} until {@link #close()}. */
  static ExitGuard of(GraphConnection connection) {
    ExitGuard guard = new ExitGuard(connection);
    Runtime.getRuntime().addShutdownHook(guard.hook);
    return guard;
  }

  GraphConnection connection() {
    return connection;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook closes the connection (this call waits for nothing more).
    }
    closeConnection();
  }

  private void closeConnection() {
    if (closed.compareAndSet(false, true)) {
      connection.close();
    }
  }
}
