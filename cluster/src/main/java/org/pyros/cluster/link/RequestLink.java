package org.pyros.cluster.link;

import java.io.IOException;
import java.io.NotSerializableException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import scala.concurrent.ExecutionContextExecutor;

/**
 * A member's connection to the node's host for {@link PyrosNode.Request}s: the request is
 * serialized and written on the caller's thread, the reply completes the caller's future on the
 * link's reading thread. Requests on one link reach the node in the order they were sent.
 *
 * <p>Callbacks attached to the returned futures without an executor run on the reading thread,
 * as they run on a dispatcher thread after an actor ask: keep them short.
 */
public final class RequestLink {
  private final Serializer serializer;
  private final Scheduler scheduler;
  private final ExecutionContextExecutor executor;
  private final InetSocketAddress server;
  private final LinkHello hello;
  private final LinkConnection connection;
  private final Map<Long, CompletableFuture<Reply<?>>> pending = new ConcurrentHashMap<>();
  /** Completes when the host answers the hello: admitted, or refused with why. */
  private final CompletableFuture<Void> admitted = new CompletableFuture<>();
  private final AtomicLong ids = new AtomicLong();

  private RequestLink(ActorSystem<?> system, InetSocketAddress server, SocketChannel channel,
      RequestLinkSettings settings, LinkHello hello, BiConsumer<RequestLink, String> onClosed) throws IOException {
    this.serializer = serializer(system);
    this.scheduler = system.scheduler();
    this.executor = system.executionContext();
    this.server = server;
    this.hello = hello;
    BiConsumer<LinkConnection, String> closing = (c, why) -> {
      admitted.completeExceptionally(new IOException("the node's host closed the link before admitting it: " + why));
      failPending(why);
      onClosed.accept(this, why);
    };
    String name = "pyros-request-link-client";
    this.connection = settings.tls().isPresent()
        ? TlsLinkConnection.open(settings.tls().get().client(channel.socket(), server.getHostString()), name,
            settings.maxMessageBytes(), settings.maxUnsentBytes(), settings.admissionTimeout(), this::onReply, closing)
        : TcpLinkConnection.open(channel, name, settings.maxMessageBytes(), settings.maxUnsentBytes(), this::onReply, closing);
    connection.send(LinkHello.FRAME_ID, 0, hello.toBytes());
    connection.start();
  }

  /** The serializer both ends use: the one Pekko binds to the node's protocol (Pyros Kryo). */
  public static Serializer serializer(ActorSystem<?> system) {
    try {
      return SerializationExtension.get(Adapter.toClassic(system)).serializerFor(PyrosNode.Command.class);
    } catch (NotSerializableException e) {
      throw new IllegalStateException("no serializer is bound to the node's protocol (is pyros-cluster's reference.conf loaded?)", e);
    }
  }

  /**
   * Connects to a {@link RequestLinkServer}, says {@code hello} (who this member is, and its
   * ticket) and waits until the host admits it; blocks up to the connect and the admission timeouts. A host
   * that does not admit it throws {@link LinkRefusedException}. {@code system}
   * gives the serializer and the timer of request timeouts. {@code onClosed}
   * is called once, with the link and the reason, when the link closes (requests waiting then fail with
   * {@code UNAVAILABLE}).
   */
  public static RequestLink connect(ActorSystem<?> system, InetSocketAddress server, RequestLinkSettings settings,
      LinkHello hello, BiConsumer<RequestLink, String> onClosed) throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      channel.socket().connect(server, (int) settings.connectTimeout().toMillis());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    RequestLink link;
    try {
      link = new RequestLink(system, server, channel, settings, hello, onClosed);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    try {
      link.admitted.get(settings.admissionTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return link;
    } catch (ExecutionException e) {
      link.close("not admitted");
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (TimeoutException e) {
      link.close("not admitted in time");
      throw new IOException("the node's host did not admit the link within " + settings.admissionTimeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      link.close("interrupted");
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the node's host admits the link", e);
    }
  }

  /**
   * Sends {@code request} (its {@code replyTo} is ignored) and completes with the node's reply.
   * Fails with a {@link PyrosException}: {@code TIMEOUT} after {@code timeout}, {@code
   * BAD_MESSAGE} when the request cannot be serialized, {@code UNAVAILABLE} when the link closes
   * first.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> CompletableFuture<Reply<T>> ask(PyrosNode.Request<T> request, Duration timeout) {
    byte[] bytes;
    try {
      bytes = serializer.toBinary(withoutReplyTo(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new PyrosException(ErrorCode.BAD_MESSAGE,
          "the request cannot be sent to the node: " + e.getMessage(), e));
    }
    long id = ids.incrementAndGet();
    CompletableFuture<Reply<?>> reply = new CompletableFuture<>();
    pending.put(id, reply);
    if (!connection.send(id, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()), bytes)) {
      pending.remove(id);
      return CompletableFuture.failedFuture(closedError("the request link to the node's host is closed"));
    }
    // Pekko's scheduler, not CompletableFuture.orTimeout: the JDK's timer thread would be woken
    // for every request (its queue is empty between sequential requests), a thread wake-up that
    // costs as much as the rest of the round trip on a small machine.
    Cancellable timer = scheduler.scheduleOnce(timeout, () -> {
      if (pending.remove(id, reply)) {
        reply.completeExceptionally(
            new PyrosException(ErrorCode.TIMEOUT, "no answer from the Pyros node within " + timeout.toMillis() + " ms"));
      }
    }, executor);
    reply.whenComplete((r, e) -> timer.cancel());
    return (CompletableFuture) reply;
  }

  /** Sends {@code request} without wanting a reply; false when it cannot be sent now. */
  public boolean tell(PyrosNode.Request<?> request) {
    byte[] bytes;
    try {
      bytes = serializer.toBinary(withoutReplyTo(request));
    } catch (RuntimeException e) {
      return false; // the caller falls back to the actor message, which reports it as usual
    }
    return connection.send(0, 0, bytes);
  }

  /** The server this link connects to. */
  public InetSocketAddress address() {
    return server;
  }

  /** What this link said first: who this member is, and its ticket (for a new link to the same host). */
  public LinkHello hello() {
    return hello;
  }

  /** Whether requests can be sent. */
  public boolean isOpen() {
    return connection.isOpen();
  }

  /** Closes the link; requests waiting fail with {@code UNAVAILABLE}. */
  public void close(String why) {
    connection.close(why);
  }

  @Override
  public String toString() {
    return "RequestLink(" + connection.peer() + ")";
  }

  /** The host gives the request a reply-to of its own: the sender's is not sent. */
  private static <T> PyrosNode.Request<T> withoutReplyTo(PyrosNode.Request<T> request) {
    return request.replyTo() == null ? request : request.withReplyTo(null);
  }

  private void onReply(LinkConnection c, long id, int millis, byte[] payload) {
    if (id == LinkHello.FRAME_ID) {
      if (payload.length == 0) {
        admitted.complete(null);
      } else {
        admitted.completeExceptionally(new LinkRefusedException(new String(payload, StandardCharsets.UTF_8)));
      }
      return;
    }
    CompletableFuture<Reply<?>> reply = pending.remove(id);
    if (reply == null) {
      return; // timed out already
    }
    try {
      reply.complete((Reply<?>) serializer.fromBinary(payload));
    } catch (RuntimeException e) {
      reply.completeExceptionally(new PyrosException(ErrorCode.BAD_MESSAGE, "the node's answer could not be read: " + e.getMessage(), e));
    }
  }

  private void failPending(String why) {
    PyrosException closed = closedError("the request link to the node's host closed: " + why);
    pending.keySet().forEach(id -> {
      CompletableFuture<Reply<?>> f = pending.remove(id);
      if (f != null) {
        f.completeExceptionally(closed);
      }
    });
  }

  private static PyrosException closedError(String why) {
    return new PyrosException(ErrorCode.UNAVAILABLE, why);
  }
}
