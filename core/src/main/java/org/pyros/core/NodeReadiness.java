package org.pyros.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.system.GraphSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a node that was just started is ready: its system has the first view of the graph, and
 * the node has resolved the type of each exposed topic in it (or failed to; a later request gets
 * that answer). Service types are learnt by the system before its view counts as ready.
 */
final class NodeReadiness {
  private static final Logger log = LoggerFactory.getLogger(NodeReadiness.class);

  private NodeReadiness() {}

  /** Completes when ready, or after {@code timeout} with a warning; never fails. */
  static CompletionStage<Void> await(PyrosClient client, GraphSystem system, Duration timeout) {
    long started = System.nanoTime();
    // The node's graph watch was told the view before ready() completed, so this ask comes after it.
    CompletableFuture<Void> ready = system.ready()
        .thenCompose(view -> client.topics())
        .thenCompose(topics -> CompletableFuture.allOf(topics.stream()
            .map(t -> client.topicType(t.name()).handle((type, failure) -> null).toCompletableFuture())
            .toArray(CompletableFuture[]::new)))
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return ready.handle((v, failure) -> {
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (failure != null) {
        log.warn("The Pyros node on {} has no complete view of the graph after {} ms ({}); it goes on learning it "
            + "and answers UNAVAILABLE for what it does not know yet", system.description(), ms, reason(failure));
      } else {
        log.debug("The Pyros node on {} is ready after {} ms", system.description(), ms);
      }
      return null;
    });
  }

  private static String reason(Throwable failure) {
    Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return t instanceof java.util.concurrent.TimeoutException ? "the graph did not answer in time" : t.toString();
  }
}
