package org.pyros.ros.tcpros;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.japi.JavaPartialFunction;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TCPROS server, on two ports. Subscribers connect to {@link #address()} (what
 * {@code requestTopic} answers): a plain socket and a writer thread per subscriber
 * ({@link TopicListener}, {@link Publication}). Service clients connect to
 * {@link #serviceAddress()} (the {@code rosrpc://} URI registered with the master): Pekko
 * Streams TCP, no thread per connection, dispatched to a {@link ServiceEndpoint}. Anything else
 * is answered with an {@code error=...} header and closed.
 *
 * <p>All accepted sockets have TCP_NODELAY set: a subscriber's {@code tcp_nodelay=1} is thus
 * always honoured, and for {@code tcp_nodelay=0} our own write batching replaces Nagle.
 */
public final class TcprosServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcprosServer.class);

  /** Default limit for one service request frame. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 256 << 20;
  /** Default upper size of one batched write to a subscriber. */
  public static final int DEFAULT_WRITE_BATCH_BYTES = 256 << 10;

  private final String callerId;
  private final int maxFrameBytes;
  private final int writeBatchBytes;
  private final Map<String, Publication> topics = new ConcurrentHashMap<>();
  private final Map<String, ServiceEndpoint> services = new ConcurrentHashMap<>();
  private final SharedKillSwitch connections = KillSwitches.shared("tcpros-server");
  private volatile Tcp.ServerBinding binding;
  private volatile TopicListener topicListener;

  private TcprosServer(String callerId, int maxFrameBytes, int writeBatchBytes) {
    this.callerId = callerId;
    this.maxFrameBytes = maxFrameBytes;
    this.writeBatchBytes = writeBatchBytes;
  }

  /** Starts a server on 127.0.0.1 at a free port. */
  public static CompletionStage<TcprosServer> start(ClassicActorSystemProvider system, String callerId) {
    return start(system, callerId, "127.0.0.1", 0);
  }

  /** Starts a server on {@code host:port} (port 0 = a free port) with default limits. */
  public static CompletionStage<TcprosServer> start(
      ClassicActorSystemProvider system, String callerId, String host, int port) {
    return start(system, callerId, host, port, DEFAULT_MAX_FRAME_BYTES, DEFAULT_WRITE_BATCH_BYTES);
  }

  /**
   * Starts a server.
   *
   * @param callerId this node's name, sent in every reply header
   * @param maxFrameBytes largest service request accepted
   * @param writeBatchBytes how many queued bytes one write to a subscriber may gather
   */
  public static CompletionStage<TcprosServer> start(ClassicActorSystemProvider system, String callerId,
      String host, int port, int maxFrameBytes, int writeBatchBytes) {
    TcprosServer server = new TcprosServer(callerId, maxFrameBytes, writeBatchBytes);
    try {
      server.topicListener = TopicListener.start(callerId, host, port, server.topics::get);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    Materializer mat = Materializer.matFromSystem(system);
    return Tcp.get(system)
        .bind(host, 0, 128, List.of(TcpSO.tcpNoDelay(true)), false, Optional.empty())
        .to(Sink.foreach(conn -> conn.handleWith(server.connectionFlow(conn.remoteAddress()), mat)))
        .run(mat)
        .handle((b, failure) -> {
          if (failure != null) {
            server.topicListener.close();
            throw new java.util.concurrent.CompletionException(failure);
          }
          server.binding = b;
          log.info("TCPROS server of {}: topics on {}, services on {}", callerId, server.address(), b.localAddress());
          return server;
        });
  }

  /** Where subscribers connect (host and the actual port). */
  public InetSocketAddress address() {
    return topicListener.address();
  }

  /** Where service clients connect (host and the actual port). */
  public InetSocketAddress serviceAddress() {
    return binding.localAddress();
  }

  public String callerId() {
    return callerId;
  }

  int writeBatchBytes() {
    return writeBatchBytes;
  }

  /**
   * Publishes a topic on this server.
   *
   * @param latch send the last message to subscribers that connect later
   * @param queueSize per-subscriber queue length; when full the oldest message is dropped
   * @throws IllegalStateException if the topic is already advertised here
   */
  public Publication advertise(TopicSpec spec, boolean latch, int queueSize) {
    Publication p = new Publication(this, spec, latch, queueSize);
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

  /** Stops listening and closes every connection; completes when unbound. */
  public CompletionStage<Done> unbind() {
    connections.shutdown();
    topicListener.close();
    topics.values().forEach(Publication::close);
    services.values().forEach(ServiceEndpoint::close);
    return binding.unbind().thenApply(x -> Done.getInstance());
  }

  private Flow<ByteString, ByteString, NotUsed> connectionFlow(InetSocketAddress remote) {
    String peer = remote.getHostString() + ":" + remote.getPort();
    return Flow.of(ByteString.class)
        .via(connections.flow())
        .via(new DrainAfterCancel<>())
        .via(FrameDecoder.incoming(maxFrameBytes))
        .flatMapPrefix(1, prefix -> dispatch(prefix, peer))
        .recover(new JavaPartialFunction<Throwable, ByteString>() {
          @Override
          public ByteString apply(Throwable t, boolean isCheck) {
            // only a broken header is answered; later failures just drop the connection
            if (t instanceof ConnectionHeaderException) {
              if (!isCheck) {
                log.warn("Bad TCPROS header from {}: {}", peer, t.getMessage());
              }
              return ConnectionHeader.encodeError(t.getMessage());
            }
            throw noMatch();
          }
        })
        .via(connections.flow());
  }

  private Flow<ByteString, ByteString, NotUsed> dispatch(List<ByteString> prefix, String peer) {
    if (prefix.isEmpty()) {
      return Flow.fromSinkAndSource(Sink.ignore(), Source.empty()); // closed before a header
    }
    Map<String, String> header;
    try {
      header = ConnectionHeader.decodeBody(prefix.get(0));
    } catch (ConnectionHeaderException e) {
      return Refusal.flow(e.getMessage() + " (from " + peer + ")");
    }
    String topic = header.get(ConnectionHeader.TOPIC);
    String service = header.get(ConnectionHeader.SERVICE);
    if (topic != null) {
      return Refusal.flow("[" + callerId + "] serves topics on port " + address().getPort() + ", not this one");
    }
    if (service != null) {
      ServiceEndpoint s = services.get(service);
      return s != null ? s.accept(header)
          : Refusal.flow("[" + callerId + "] is not a provider of [" + service + "]");
    }
    return Refusal.flow("header has neither a 'topic' nor a 'service' field");
  }

  static void writeFully(SocketChannel channel, ByteString bytes) throws IOException {
    writeFully(channel, bytes.asByteBuffer());
  }

  static void writeFully(SocketChannel channel, ByteBuffer... buffers) throws IOException {
    long left = 0;
    for (ByteBuffer b : buffers) {
      left += b.remaining();
    }
    while (left > 0) {
      left -= channel.write(buffers);
    }
  }

  static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
