package org.pyros.testkit;

import java.util.Optional;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.memory.InMemorySystem;

/** A graph in memory: one {@link InMemorySystem} shared by the node and the scripted nodes. */
public final class InMemoryBackend implements GraphBackend {
  private final InMemorySystem system;

  public InMemoryBackend() {
    this(new InMemorySystem());
  }

  /** Wraps a system the caller built; {@link #close()} closes it. */
  public InMemoryBackend(InMemorySystem system) {
    this.system = system;
  }

  @Override
  public String description() {
    return system.description();
  }

  @Override
  public GraphSystem nodeSystem() {
    return system;
  }

  @Override
  public GraphSystem scriptSystem() {
    return system;
  }

  @Override
  public void register(MessageType type) {
    system.register(type);
  }

  @Override
  public void register(ServiceType type) {
    system.register(type);
  }

  @Override
  public Optional<InMemorySystem> inMemory() {
    return Optional.of(system);
  }

  @Override
  public void close() {
    system.close();
  }
}
