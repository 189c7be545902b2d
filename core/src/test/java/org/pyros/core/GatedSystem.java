package org.pyros.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.system.ForwardingGraphSystem;
import org.pyros.core.system.Registration;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * An in-memory graph seen as a remote one is: empty until {@link #open()}, the moment its first
 * view comes in (as a ROS master's first answer does). Counts its closes.
 */
final class GatedSystem extends ForwardingGraphSystem {
  final InMemorySystem graph;
  final AtomicInteger closes = new AtomicInteger();
  private final CompletableFuture<GraphSnapshot> ready = new CompletableFuture<>();
  private final List<Consumer<GraphSnapshot>> watchers = new CopyOnWriteArrayList<>();
  private volatile boolean open;

  GatedSystem() {
    this(new InMemorySystem());
  }

  private GatedSystem(InMemorySystem graph) {
    super(graph);
    this.graph = graph;
    graph.watchGraph(g -> {
      if (open) {
        watchers.forEach(w -> w.accept(g));
      }
    });
  }

  /** The graph becomes visible: watchers get it, then {@link #ready()} completes. */
  void open() {
    open = true;
    GraphSnapshot now = graph.snapshot().toCompletableFuture().join();
    watchers.forEach(w -> w.accept(now));
    ready.complete(now);
  }

  @Override
  public String description() {
    return "gated in-memory";
  }

  @Override
  public CompletionStage<GraphSnapshot> snapshot() {
    return open ? graph.snapshot() : CompletableFuture.completedFuture(GraphSnapshot.EMPTY);
  }

  @Override
  public Registration watchGraph(Consumer<GraphSnapshot> listener) {
    watchers.add(listener);
    listener.accept(snapshot().toCompletableFuture().join());
    return () -> watchers.remove(listener);
  }

  @Override
  public CompletionStage<GraphSnapshot> ready() {
    return ready.copy();
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    super.close();
  }
}
