package org.pyros.cluster.link;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.pyros.core.client.RequestRoute;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;

/**
 * The request link a member's client takes while the gateway says it may (open, to the node
 * serving now, whose host is reachable); otherwise none, and requests go as actor messages.
 */
public final class LinkRoute implements RequestRoute {
  private volatile RequestLink link;

  /** Routes requests over {@code link}; null routes them as actor messages. */
  public void use(RequestLink link) {
    this.link = link;
  }

  /** The address of the link's server while requests take it. */
  public Optional<InetSocketAddress> current() {
    RequestLink l = link;
    return l == null ? Optional.empty() : Optional.of(l.address());
  }

  @Override
  public <T> CompletionStage<Reply<T>> ask(PyrosNode.Request<T> request, Duration timeout) {
    RequestLink l = link;
    return l == null ? null : l.ask(request, timeout);
  }

  @Override
  public boolean tell(PyrosNode.Request<?> request) {
    RequestLink l = link;
    return l != null && l.tell(request);
  }
}
