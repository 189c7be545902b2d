package org.pyros.ros.tcpros;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCPROS connection from us (subscriber) to one publisher: sends our header, checks the
 * reply, then hands each message to a {@link SubscriptionListener}. A lost or failed connection is
 * retried with exponential backoff until {@link #close()}; a refusal by the publisher (error
 * header, md5 mismatch) is final.
 */
public final class Subscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);

  /**
   * How a subscription connects.
   *
   * @param tcpNoDelay ask the publisher for TCP_NODELAY (and set it on our socket)
   * @param maxFrameBytes largest message accepted; a bigger one drops the connection
   * @param connectTimeout limit for the TCP connect
   * @param minBackoff first reconnect delay, doubled per failure up to {@code maxBackoff}
   */
  public record Settings(boolean tcpNoDelay, int maxFrameBytes, Duration connectTimeout,
      Duration minBackoff, Duration maxBackoff) {
    public static final Settings DEFAULT = new Settings(
        true, 256 << 20, Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(10));
  }

  private final ActorSystem system;
  private final Materializer mat;
  private final String callerId;
  private final TopicSpec spec;
  private final InetSocketAddress publisher;
  private final Settings settings;
  private final SubscriptionListener listener;
  private final SharedKillSwitch killSwitch;
  private final ByteString header;
  private volatile Map<String, String> publisherHeader;
  private volatile boolean closed;
  private volatile boolean refused;
  private Duration backoff; // touched by one attempt at a time

  private Subscription(ClassicActorSystemProvider system, String callerId, TopicSpec spec,
      InetSocketAddress publisher, Settings settings, SubscriptionListener listener) {
    this.system = system.classicSystem();
    this.mat = Materializer.matFromSystem(system);
    this.callerId = callerId;
    this.spec = spec;
    this.publisher = publisher;
    this.settings = settings;
    this.listener = listener;
    this.killSwitch = KillSwitches.shared("subscription" + spec.topic());
    this.backoff = settings.minBackoff();
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, callerId);
    h.put(ConnectionHeader.TOPIC, spec.topic());
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.put(ConnectionHeader.TYPE, spec.type());
    h.put(ConnectionHeader.TCP_NODELAY, settings.tcpNoDelay() ? "1" : "0");
    h.put(ConnectionHeader.MESSAGE_DEFINITION, spec.messageDefinition());
    this.header = ConnectionHeader.encode(h);
  }

  /**
   * Connects to a publisher (address from its node's {@code requestTopic}) and keeps the
   * connection up until closed.
   *
   * @param callerId our node name
   * @param spec the topic as we expect it ({@code md5sum "*"} accepts any type)
   */
  public static Subscription connect(ClassicActorSystemProvider system, String callerId, TopicSpec spec,
      InetSocketAddress publisher, Settings settings, SubscriptionListener listener) {
    Subscription s = new Subscription(system, callerId, spec, publisher, settings, listener);
    s.attempt();
    return s;
  }

  /** {@link #connect} with {@link Settings#DEFAULT}. */
  public static Subscription connect(ClassicActorSystemProvider system, String callerId, TopicSpec spec,
      InetSocketAddress publisher, SubscriptionListener listener) {
    return connect(system, callerId, spec, publisher, Settings.DEFAULT, listener);
  }

  public InetSocketAddress publisher() {
    return publisher;
  }

  public TopicSpec spec() {
    return spec;
  }

  /** The header of the current (or last) accepted connection: callerid, type, message_definition... */
  public Optional<Map<String, String>> publisherHeader() {
    return Optional.ofNullable(publisherHeader);
  }

  /** True while closed or refused for good. */
  public boolean isFinished() {
    return closed || refused;
  }

  /** Disconnects and stops reconnecting. */
  @Override
  public void close() {
    closed = true;
    killSwitch.shutdown();
  }

  private void attempt() {
    if (closed) {
      return;
    }
    var tcp = Tcp.get(system).outgoingConnection(publisher, Optional.empty(),
        List.of(TcpSO.tcpNoDelay(settings.tcpNoDelay())), true,
        Optional.of(settings.connectTimeout()), Optional.empty());
    FrameHandler handler = new FrameHandler();
    // Source.maybe keeps our writing side open: ending it would half-close the socket.
    Source.single(header)
        .concat(Source.<ByteString>maybe())
        .via(killSwitch.flow())
        .via(tcp)
        .via(FrameDecoder.frames(settings.maxFrameBytes()))
        .via(killSwitch.flow())
        .runWith(Sink.foreach(handler::onFrame), mat)
        .whenComplete((done, error) -> ended(error, handler.accepted));
  }

  private final class FrameHandler {
    boolean accepted;

    void onFrame(ByteString frame) {
      if (accepted) {
        try {
          listener.onMessage(frame);
        } catch (RuntimeException e) {
          log.warn("Listener of {} failed on a message", spec.topic(), e);
        }
        return;
      }
      Map<String, String> reply = ConnectionHeader.decodeBody(frame);
      String error = reply.get(ConnectionHeader.ERROR);
      if (error != null) {
        refused = true;
        throw new TcprosException(ErrorCode.UNAVAILABLE,
            "publisher " + publisher + " refused " + spec.topic() + ": " + error);
      }
      String theirs = reply.get(ConnectionHeader.MD5SUM);
      if (!ConnectionHeader.ANY_MD5SUM.equals(spec.md5sum()) && !spec.md5sum().equals(theirs)) {
        refused = true;
        throw new TcprosException(ErrorCode.UNKNOWN_TYPE, "publisher " + publisher + " of " + spec.topic()
            + " sends " + reply.get(ConnectionHeader.TYPE) + " md5sum " + theirs + ", we expect "
            + spec.type() + " md5sum " + spec.md5sum());
      }
      accepted = true;
      publisherHeader = reply;
      backoff = settings.minBackoff();
      listener.onConnected(reply);
    }
  }

  private void ended(Throwable error, boolean wasAccepted) {
    boolean retry = !closed && !refused;
    Throwable cause = error != null ? error
        : new TcprosException(ErrorCode.UNAVAILABLE, "publisher " + publisher + " closed the connection of " + spec.topic());
    if (closed) {
      log.debug("Subscription to {} at {} closed", spec.topic(), publisher);
    } else {
      log.info("Subscription to {} at {} ended{}: {}", spec.topic(), publisher,
          retry ? ", retrying in " + backoff.toMillis() + " ms" : "", cause.getMessage());
    }
    try {
      listener.onDisconnected(cause, retry);
    } catch (RuntimeException e) {
      log.warn("Listener of {} failed on disconnect", spec.topic(), e);
    }
    if (retry) {
      Duration delay = backoff;
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
      system.scheduler().scheduleOnce(
          scala.concurrent.duration.Duration.create(delay.toMillis(), TimeUnit.MILLISECONDS),
          this::attempt, system.dispatcher());
    }
  }
}
