package org.pyros.ros.tcpros;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TCPROS server, on one port ({@link #address()}): subscribers connect to it (what
 * {@code requestTopic} answers) and so do service clients (the {@code rosrpc://} URI registered
 * with the master). A thread per connection ({@link TcprosListener}) serves a
 * {@link Publication} or a {@link ServiceEndpoint} on a {@link TcprosConnection}; anything else is
 * answered with an {@code error=...} header and closed.
 *
 * <p>All accepted sockets have TCP_NODELAY set: a subscriber's {@code tcp_nodelay=1} is thus
 * always honoured, and for {@code tcp_nodelay=0} our own write batching replaces Nagle.
 */
public final class TcprosServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcprosServer.class);

  private final String callerId;
  private final TcprosLimits limits;
  private final Map<String, Publication> topics = new ConcurrentHashMap<>();
  private final Map<String, ServiceEndpoint> services = new ConcurrentHashMap<>();
  private volatile TcprosListener listener;

  private TcprosServer(String callerId, TcprosLimits limits) {
    this.callerId = callerId;
    this.limits = limits;
  }

  /** Starts a server on 127.0.0.1 at a free port. */
  public static CompletionStage<TcprosServer> start(String callerId) {
    return start(callerId, "127.0.0.1", 0);
  }

  /** Starts a server on {@code host:port} (port 0 = a free port) with default limits. */
  public static CompletionStage<TcprosServer> start(String callerId, String host, int port) {
    return start(callerId, host, port, TcprosLimits.DEFAULT);
  }

  /**
   * Starts a server; the stage has completed already (it fails when the port cannot be bound).
   *
   * @param callerId this node's name, sent in every reply header
   */
  public static CompletionStage<TcprosServer> start(String callerId, String host, int port, TcprosLimits limits) {
    return start(callerId, host, port, limits, ServerSocketChannel::accept);
  }

  /** {@link #start(String, String, int, TcprosLimits)} taking connections through {@code acceptor}. */
  static CompletionStage<TcprosServer> start(String callerId, String host, int port, TcprosLimits limits,
      TcprosListener.Acceptor acceptor) {
    TcprosServer server = new TcprosServer(callerId, limits);
    try {
      server.listener = TcprosListener.start(callerId, host, port, limits, server.topics::get, server.services::get,
          acceptor);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    log.info("TCPROS server of {} on {}", callerId, server.address());
    return CompletableFuture.completedFuture(server);
  }

  /** Where subscribers and service clients connect (host and the actual port). */
  public InetSocketAddress address() {
    return listener.address();
  }

  /** Where service clients connect: {@link #address()}, as topics and services share the port. */
  public InetSocketAddress serviceAddress() {
    return address();
  }

  public String callerId() {
    return callerId;
  }

  TcprosLimits limits() {
    return limits;
  }

  /**
   * Publishes a topic on this server.
   *
   * @param latch send the last message to subscribers that connect later
   * @param queueSize per-subscriber queue length; when full the oldest message is dropped
   * @throws IllegalStateException if the topic is already advertised here
   */
  public Publication advertise(TopicSpec spec, boolean latch, int queueSize) {
    return advertise(spec, latch, queueSize, () -> { });
  }

  /**
   * As {@link #advertise(TopicSpec, boolean, int)}, running {@code onDrop} (quick, thread-safe)
   * whenever a subscriber's queue drops a message.
   */
  public Publication advertise(TopicSpec spec, boolean latch, int queueSize, Runnable onDrop) {
    Publication p = new Publication(this, spec, latch, queueSize, onDrop);
    if (topics.putIfAbsent(spec.topic(), p) != null) {
      throw new IllegalStateException("topic " + spec.topic() + " is already advertised on this node");
    }
    return p;
  }

  /**
   * Serves a service on this server.
   *
   * @throws IllegalStateException if the service is already served here
   */
  public ServiceEndpoint registerService(ServiceSpec spec, ServiceRequestHandler handler) {
    ServiceEndpoint s = new ServiceEndpoint(this, spec, handler);
    if (services.putIfAbsent(spec.service(), s) != null) {
      throw new IllegalStateException("service " + spec.service() + " is already served by this node");
    }
    return s;
  }

  public Optional<Publication> publication(String topic) {
    return Optional.ofNullable(topics.get(topic));
  }

  void removePublication(Publication p) {
    topics.remove(p.spec().topic(), p);
  }

  void removeService(ServiceEndpoint s) {
    services.remove(s.spec().service(), s);
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    unbind();
  }

  /** Stops listening and closes every connection; completes when done. */
  public CompletionStage<Done> unbind() {
    listener.close();
    topics.values().forEach(Publication::close);
    services.values().forEach(ServiceEndpoint::close);
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
