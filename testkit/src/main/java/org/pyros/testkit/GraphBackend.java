package org.pyros.testkit;

import java.util.Optional;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * The graph a {@link PyrosTestKit} runs on. It gives two views of one graph: the connection of
 * the Pyros node under test, and the connection of the scripted "other nodes" of the test.
 *
 * <p>{@link InMemoryBackend} uses one {@link InMemorySystem} for both; {@link EmbeddedRosBackend}
 * gives the node and the scripts two ROS nodes on an embedded ROS master. The rest of the kit
 * only uses the {@link GraphSystem} SPI, so it works unchanged on either.
 */
public interface GraphBackend extends AutoCloseable {

  /** For logs, e.g. {@code in-memory}. */
  String description();

  /** The system the Pyros node under test connects with. */
  GraphSystem nodeSystem();

  /** The system the scripted nodes (publishers, services, probes) of the test use. */
  GraphSystem scriptSystem();

  /**
   * Makes a message type known to the graph before it is used. Backends that read types from
   * their own definitions (ROS) ignore it.
   */
  default void register(MessageType type) {}

  /** Makes a service type known to the graph; see {@link #register(MessageType)}. */
  default void register(ServiceType type) {}

  /** The in-memory system, for fault injection; empty for backends that have none. */
  default Optional<InMemorySystem> inMemory() {
    return Optional.empty();
  }

  /** Releases the graph (and anything it started, e.g. a master process). */
  @Override
  void close();
}
