package org.pyros.cluster.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pyros.core.client.DirectAsk;
import org.apache.pekko.serialization.Serializer;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node host's end of request links: accepts connections from the members' clients, tells
 * each {@link PyrosNode.Request} received to the node and writes the reply back on the thread
 * that answers (no hand-off to a writer). A connection's first frame must be a {@link LinkHello}
 * that its {@link LinkAdmission} admits (answered with an empty hello frame, or with why not);
 * anything else, or no hello within the admission timeout, closes the connection, with one log
 * line, before any of its frames reaches the node. A frame that cannot be read is answered
 * {@code BAD_MESSAGE} and logged; a broken frame length closes that connection only.
 */
public final class RequestLinkServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RequestLinkServer.class);
  /** The node answers by the request's deadline; the server's own ask waits a little longer. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

  private final ActorSystem<?> system;
  private final ActorRef<PyrosNode.Command> node;
  private final Serializer serializer;
  private final RequestLinkSettings settings;
  private final LinkAdmission admission;
  private final ServerSocketChannel server;
  private final Set<LinkConnection> connections = ConcurrentHashMap.newKeySet();
  /** Connections whose hello was admitted; only their requests reach the node. */
  private final Set<LinkConnection> admitted = ConcurrentHashMap.newKeySet();
  private final Thread acceptor = new Thread(this::accept, "pyros-request-link-accept");
  private volatile boolean closed;

  private RequestLinkServer(ActorSystem<?> system, ActorRef<PyrosNode.Command> node, Serializer serializer,
      RequestLinkSettings settings, LinkAdmission admission, ServerSocketChannel server) {
    this.system = system;
    this.node = node;
    this.serializer = serializer;
    this.settings = settings;
    this.admission = admission;
    this.server = server;
  }

  /**
   * Listens on {@code bind} (port 0: a free one) for links to {@code node}; {@code serializer}
   * reads requests and writes replies (the one Pekko uses for the node's protocol); {@code
   * admission} decides which clients may send them.
   */
  public static RequestLinkServer start(ActorSystem<?> system, ActorRef<PyrosNode.Command> node, Serializer serializer,
      RequestLinkSettings settings, LinkAdmission admission, InetSocketAddress bind) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.bind(bind);
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot listen for request links on " + bind + ": " + e.getMessage(), e);
    }
    RequestLinkServer s = new RequestLinkServer(system, node, serializer, settings, admission, server);
    s.acceptor.setDaemon(true);
    s.acceptor.start();
    return s;
  }

  /** Where the server listens. */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) server.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("request link server closed", e);
    }
  }

  /** How many links are open now. */
  public int openLinks() {
    return connections.size();
  }

  /**
   * Stops listening (the port is free again when this returns) and closes every link; their
   * clients fail over to actor messages.
   */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
      // The JDK frees a listening socket closed under a thread blocked in accept only once that
      // thread returns: wait for it, so the node's next start here can bind the same port.
      if (Thread.currentThread() != acceptor) {
        acceptor.join(2_000);
      }
    } catch (IOException e) {
      // closing anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.forEach(c -> c.close("the node left this member"));
  }

  private void accept() {
    while (!closed) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("Request link server on {} stopped accepting", server, e);
        }
        return;
      }
      try {
        if (connections.size() >= settings.maxConnections()) {
          log.warn("Refused a request link from {}: {} links are open already", channel.getRemoteAddress(), connections.size());
          channel.close();
          continue;
        }
        BiConsumer<LinkConnection, String> closing = (c, why) -> {
          connections.remove(c);
          admitted.remove(c);
          log.debug("Request link with {} closed: {}", c.peer(), why);
        };
        String name = "pyros-request-link";
        LinkConnection link = settings.tls().isPresent()
            ? TlsLinkConnection.open(settings.tls().get().server(channel.socket()), name, settings.maxMessageBytes(),
                settings.maxUnsentBytes(), settings.admissionTimeout(), this::onRequest, closing)
            : TcpLinkConnection.open(channel, name, settings.maxMessageBytes(), settings.maxUnsentBytes(), this::onRequest, closing);
        connections.add(link);
        link.start();
        // A connection that never says hello would hold a slot and a thread: it has this long.
        system.scheduler().scheduleOnce(settings.admissionTimeout(), () -> {
          if (link.isOpen() && !admitted.contains(link)) {
            log.warn("Refused a request link from {}: no hello within {} ms", link.peer(), settings.admissionTimeout().toMillis());
            link.close("no hello in time");
          }
        }, system.executionContext());
        if (closed) {
          link.close("the server closed"); // close() ran while this one was accepted
        }
        log.debug("Request link from {}", link.peer());
      } catch (IOException e) {
        log.warn("A request link could not be set up", e);
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  private void onRequest(LinkConnection connection, long id, int millis, byte[] payload) {
    if (!admitted.contains(connection)) {
      admit(connection, id, payload);
      return;
    }
    Object decoded;
    try {
      decoded = serializer.fromBinary(payload);
    } catch (RuntimeException e) {
      log.warn("Unreadable request from {} ({} bytes): {}", connection.peer(), payload.length, e.getMessage());
      answer(connection, id, Reply.failed(ErrorCode.BAD_MESSAGE, "the node's host could not read the request: " + e.getMessage()));
      return;
    }
    if (!(decoded instanceof PyrosNode.Request<?> request)) {
      String what = decoded == null ? "null" : decoded.getClass().getName();
      log.warn("Refused a {} from {}: not a request the link carries", what, connection.peer());
      answer(connection, id, Reply.failed(ErrorCode.BAD_MESSAGE, what + " is not a request the link carries"));
      return;
    }
    if (id == 0) {
      node.tell(readdressed(request, system.ignoreRef()));
      return;
    }
    Duration wait = Duration.ofMillis(Math.max(0, millis)).plus(ANSWER_MARGIN);
    ask(request, wait).whenComplete((reply, failure) -> answer(connection, id, reply != null ? reply
        : Reply.failed(ErrorCode.TIMEOUT, "no answer from the Pyros node within " + wait.toMillis() + " ms")));
  }

  /** The connection's first frame: its hello, admitted or not. Nothing else is read before it. */
  private void admit(LinkConnection connection, long id, byte[] payload) {
    Optional<LinkHello> hello = id == LinkHello.FRAME_ID ? LinkHello.parse(payload) : Optional.empty();
    Optional<String> refusal = hello.isEmpty() ? Optional.of("its first frame is not a hello")
        : admission.refusal(hello.get().member(), hello.get().ticket());
    if (refusal.isPresent()) {
      log.warn("Refused a request link from {}: {}", connection.peer(), refusal.get());
      connection.sendAndClose(LinkHello.FRAME_ID, ("refused by the node's host: " + refusal.get()).getBytes(StandardCharsets.UTF_8),
          "refused: " + refusal.get());
      return;
    }
    admitted.add(connection);
    connection.send(LinkHello.FRAME_ID, 0, new byte[0]);
    log.debug("Request link from {} admitted for {}", connection.peer(), hello.get().member());
  }

  private <T> CompletionStage<Reply<T>> ask(PyrosNode.Request<T> request, Duration wait) {
    return DirectAsk.ask(node, request::withReplyTo, wait, system.scheduler());
  }

  @SuppressWarnings("unchecked")
  private static <T> PyrosNode.Request<T> readdressed(PyrosNode.Request<T> request, ActorRef<?> replyTo) {
    return request.withReplyTo((ActorRef<Reply<T>>) replyTo);
  }

  /** Writes a reply; one that cannot be serialized is answered with why. Nothing for id 0. */
  private void answer(LinkConnection connection, long id, Reply<?> reply) {
    if (id == 0) {
      return;
    }
    byte[] bytes;
    try {
      bytes = serializer.toBinary(reply);
    } catch (RuntimeException e) {
      bytes = serializer.toBinary(Reply.failed(ErrorCode.BAD_MESSAGE, "the answer cannot be sent to another JVM: " + e.getMessage()));
    }
    connection.send(id, 0, bytes);
  }
}
