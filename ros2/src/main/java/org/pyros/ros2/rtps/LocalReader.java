package org.pyros.ros2.rtps;

import java.util.Set;
import org.pyros.ros2.rtps.wire.Guid;

/** A reader of this participant on one topic. Closing it tells peers it is gone. */
public interface LocalReader extends AutoCloseable {
  Guid guid();

  /** Remote and local writers matched now. */
  int matchedWriters();

  /** The writers, remote and local, matched now. */
  Set<Guid> matched();

  @Override
  void close();
}
