package org.pyros.ros.system;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.tcpros.CallNotSentException;
import org.pyros.ros.tcpros.ServiceClient;
import org.pyros.ros.tcpros.ServiceSpec;

/**
 * Service calls over kept connections: where each service is (the master's answer to
 * {@code lookupService}) is remembered, and one persistent TCPROS connection per service is
 * reused, as a ROS persistent ServiceProxy does. A new connection per call (ROS's default)
 * costs more than the call itself on loopback.
 *
 * <p>A call is never sent twice: only a connection refused (the request did not leave) is
 * retried once, after asking the master again where the service is now.
 */
final class ServiceConnections implements AutoCloseable {
  private final MasterClient master;
  private final String nodeName;
  private final Duration callTimeout;
  private final Map<String, URI> locations = new ConcurrentHashMap<>();
  private final Map<String, Pooled> connections = new ConcurrentHashMap<>();

  private record Pooled(URI location, ServiceSpec spec, ServiceClient client) {}

  ServiceConnections(MasterClient master, String nodeName, Duration callTimeout) {
    this.master = master;
    this.nodeName = nodeName;
    this.callTimeout = callTimeout;
  }

  CompletionStage<ByteString> call(ServiceSpec spec, ByteString request, Duration timeout) {
    return attempt(spec, request, timeout).thenCompose(first -> {
      if (first.failure() == null) {
        return CompletableFuture.completedFuture(first.response());
      }
      if (first.notSent()) {
        // The server is gone or moved, and the request never left: ask the master again, once.
        forget(spec.service());
        return attempt(spec, request, timeout).thenApply(Outcome::get);
      }
      return CompletableFuture.completedFuture(first.get());
    });
  }

  /** A call's result, and whether the request certainly never reached the server. */
  private record Outcome(ByteString response, Throwable failure, boolean notSent) {
    ByteString get() {
      if (failure != null) {
        throw PyrosException.of(failure, ErrorCode.SERVICE_FAILED);
      }
      return response;
    }
  }

  private CompletionStage<Outcome> attempt(ServiceSpec spec, ByteString request, Duration timeout) {
    return location(spec.service()).handle((uri, lookupFailure) -> {
      if (lookupFailure != null) {
        return CompletableFuture.completedFuture(new Outcome(null, lookupFailure, false));
      }
      return client(spec, uri).call(request, timeout).handle((response, failure) ->
          new Outcome(response, failure, notSent(failure)));
    }).thenCompose(stage -> stage);
  }

  /** True when the call failed before its request left (the connection was closed, refused, or never made). */
  private static boolean notSent(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof CallNotSentException;
  }

  private CompletionStage<URI> location(String service) {
    URI known = locations.get(service);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return master.lookupService(service)
        .exceptionally(e -> {
          throw new PyrosException(ErrorCode.NOT_FOUND, "service " + service + " is not registered with the master", e);
        })
        .thenApply(uri -> {
          locations.put(service, uri);
          return uri;
        });
  }

  /** The open connection to {@code service} at {@code uri}, made if needed. */
  private ServiceClient client(ServiceSpec spec, URI uri) {
    Pooled pooled = connections.compute(spec.service(), (name, current) -> {
      if (current != null && current.client().isOpen() && current.location().equals(uri) && current.spec().equals(spec)) {
        return current;
      }
      if (current != null) {
        current.client().close();
      }
      return new Pooled(uri, spec, ServiceClient.persistent(nodeName, spec, GraphPoller.address(uri), callTimeout));
    });
    return pooled.client();
  }

  /** Drops what is known of a service (it moved, or went away). */
  void forget(String service) {
    locations.remove(service);
    Pooled pooled = connections.remove(service);
    if (pooled != null) {
      pooled.client().close();
    }
  }

  @Override
  public void close() {
    connections.values().forEach(p -> p.client().close());
    connections.clear();
    locations.clear();
  }
}
