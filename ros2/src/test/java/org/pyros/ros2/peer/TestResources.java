package org.pyros.ros2.peer;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test started (participants, endpoints, peers, namespaces), closed last first by
 * {@link #close} in {@code @AfterEach}, also after a failure. One that fails to close does not
 * keep the others open: all are closed, then the first failure is thrown with the rest suppressed.
 */
public final class TestResources implements AutoCloseable {
  private final List<AutoCloseable> kept = new ArrayList<>();

  /** Keeps {@code resource} to close; returns it. */
  public synchronized <T extends AutoCloseable> T keep(T resource) {
    kept.add(resource);
    return resource;
  }

  @Override
  public synchronized void close() throws Exception {
    Exception first = null;
    for (int i = kept.size() - 1; i >= 0; i--) {
      try {
        kept.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    kept.clear();
    if (first != null) {
      throw first;
    }
  }
}
