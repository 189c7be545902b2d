package org.pyros.gateway.rosbridge;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.node.PyrosNode;
import org.pyros.gateway.ConnectionMeters;
import org.pyros.gateway.GatewaySettings;
import org.pyros.gateway.access.Access;
import org.pyros.gateway.access.Grant;

/**
 * The rosbridge v2 protocol over WebSocket: each connection is a {@link RosbridgeConnection}
 * actor reading the client's messages one at a time and an {@link Outbox} of what it sends.
 */
public final class RosbridgeEndpoint {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  // Shared by every endpoint: connection actors of several gateways in one actor system need distinct names.
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final ActorSystem<?> system;
  private final PyrosClient pyros;
  private final ActorRef<PyrosNode.Command> node;
  private final GatewaySettings settings;
  private final Access access;
  private final ConnectionMeters meters;
  private final EncodedFrames frames;

  /** Clients' connections reach the node through {@code pyros} (and {@code node}, to provide services); {@code meters} count their drops. */
  public RosbridgeEndpoint(ActorSystem<?> system, PyrosClient pyros, ActorRef<PyrosNode.Command> node, GatewaySettings settings,
      Access access, ConnectionMeters meters) {
    this.system = system;
    this.pyros = pyros;
    this.node = node;
    this.settings = settings;
    this.access = access;
    this.meters = meters;
    // As much as one connection may have queued: a frame larger than that could not be sent anyway.
    this.frames = new EncodedFrames(settings.maxQueuedBytes());
  }

  /** The handler of one WebSocket connection of a client with everything (no tokens). */
  public Flow<Message, Message, NotUsed> flow() {
    return flow(Grant.EVERYTHING);
  }

  /**
   * The handler of one WebSocket connection whose upgrade request granted {@code grant}; each
   * materialization is a new client. An {@code auth} op may replace the grant.
   */
  public Flow<Message, Message, NotUsed> flow(Grant grant) {
    return Flow.fromMaterializer((materializer, attributes) -> connection(materializer, grant))
        .mapMaterializedValue(f -> NotUsed.getInstance());
  }

  private Flow<Message, Message, NotUsed> connection(org.apache.pekko.stream.Materializer materializer, Grant grant) {
    String name = "rosbridge-" + CONNECTIONS.incrementAndGet();
    Outbox outbox = meters.outbox(ConnectionMeters.ROSBRIDGE, settings.maxQueuedBytes());
    ClientChannel channel = new ClientChannel(outbox, name, frames);
    ActorRef<RosbridgeConnection.Command> actor = system.systemActorOf(
        RosbridgeConnection.create(pyros, node, settings, access, grant, channel), name, Props.empty());
    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, m -> Inbound.read(m, settings.maxFrameBytes(), materializer))
        .mapAsync(1, frame -> AskPattern.<RosbridgeConnection.Command, org.apache.pekko.Done>ask(actor,
            ack -> new RosbridgeConnection.Frame(frame, ack), ACK_TIMEOUT, system.scheduler()))
        .watchTermination((nu, done) -> {
          done.whenComplete((d, failure) -> {
            actor.tell(new RosbridgeConnection.Closed());
            outbox.cut("the client closed the connection");
          });
          return NotUsed.getInstance();
        })
        .to(Sink.ignore());
    Source<Message, NotUsed> out = Source.fromGraph(new OutboxSource(outbox, settings.stallTimeout(), name))
        .watchTermination((nu, done) -> {
          done.whenComplete((d, failure) -> actor.tell(new RosbridgeConnection.Closed()));
          return NotUsed.getInstance();
        });
    return Flow.fromSinkAndSourceCoupled(in, out);
  }
}
