package org.pyros.core.client;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;

/**
 * A way to the node for {@link PyrosNode.Request}s other than an actor message, taken by an
 * {@link ActorPyrosClient} while it is open: the cluster's request link is one. When a route is
 * not open, the client asks the node actor as usual.
 */
public interface RequestRoute {

  /** No other way: every request is an actor message. */
  RequestRoute NONE = new RequestRoute() {
    @Override
    public <T> CompletionStage<Reply<T>> ask(PyrosNode.Request<T> request, Duration timeout) {
      return null;
    }

    @Override
    public boolean tell(PyrosNode.Request<?> request) {
      return false;
    }
  };

  /**
   * Sends {@code request} (its {@code replyTo} is not used) and completes with the node's reply;
   * fails with a {@link java.util.concurrent.TimeoutException} after {@code timeout}, or with a
   * {@link org.pyros.core.error.PyrosException} when the route cannot carry it. Null when the
   * route is not open now.
   */
  <T> CompletionStage<Reply<T>> ask(PyrosNode.Request<T> request, Duration timeout);

  /** Sends {@code request} (its {@code replyTo} is not used) without wanting its reply; false when the route is not open now. */
  boolean tell(PyrosNode.Request<?> request);
}
