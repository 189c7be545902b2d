package org.pyros.gateway.foxglove;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.pyros.core.client.PyrosClient;
import org.pyros.gateway.ConnectionMeters;
import org.pyros.gateway.GatewaySettings;
import org.pyros.gateway.access.Grant;
import org.pyros.gateway.access.GrantedClient;
import org.pyros.gateway.rosbridge.Inbound;
import org.pyros.gateway.rosbridge.Outbox;
import org.pyros.gateway.rosbridge.OutboxSource;

/**
 * The Foxglove WebSocket protocol ({@code foxglove.websocket.v1} of foxglove/ws-protocol, and
 * {@code foxglove.sdk.v1}, its name in Foxglove's SDK and newer bridges): each
 * connection is a {@link FoxgloveConnection} actor reading the client's messages one at a time
 * and an {@link Outbox} of what it sends, bounded as rosbridge's.
 */
public final class FoxgloveEndpoint {
  /** The WebSocket subprotocol a Foxglove client asks for. */
  public static final String SUBPROTOCOL = "foxglove.websocket.v1";
  /** The subprotocol of Foxglove's SDK and of foxglove_bridge from 3.2: the same messages, chosen first when offered. */
  public static final String SDK_SUBPROTOCOL = "foxglove.sdk.v1";
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final ActorSystem<?> system;
  private final PyrosClient pyros;
  private final GatewaySettings settings;
  private final FoxgloveSettings foxglove;
  private final ConnectionMeters meters;

  /** Clients' connections reach the node through {@code pyros}; {@code meters} count their drops. */
  public FoxgloveEndpoint(ActorSystem<?> system, PyrosClient pyros, GatewaySettings settings, FoxgloveSettings foxglove,
      ConnectionMeters meters) {
    this.system = system;
    this.pyros = pyros;
    this.settings = settings;
    this.foxglove = foxglove;
    this.meters = meters;
  }

  /** The handler of one WebSocket connection of a client with everything (no tokens). */
  public Flow<Message, Message, NotUsed> flow() {
    return flow(Grant.EVERYTHING);
  }

  /** The handler of one WebSocket connection that reaches what {@code grant} allows; each materialization is a new client. */
  public Flow<Message, Message, NotUsed> flow(Grant grant) {
    return Flow.fromMaterializer((materializer, attributes) -> connection(materializer, grant))
        .mapMaterializedValue(f -> NotUsed.getInstance());
  }

  private Flow<Message, Message, NotUsed> connection(Materializer materializer, Grant grant) {
    String name = "foxglove-" + CONNECTIONS.incrementAndGet();
    Outbox outbox = meters.outbox(ConnectionMeters.FOXGLOVE, settings.maxQueuedBytes());
    FoxgloveChannel channel = new FoxgloveChannel(outbox, name);
    ActorRef<FoxgloveConnection.Command> actor = system.systemActorOf(
        FoxgloveConnection.create(GrantedClient.of(pyros, grant),
        Grant.WITHOUT_TOKEN.equals(grant.client()), settings, foxglove, channel), name, Props.empty());
    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, m -> Inbound.read(m, settings.maxFrameBytes(), materializer))
        .mapAsync(1, frame -> AskPattern.<FoxgloveConnection.Command, Done>ask(actor,
            ack -> new FoxgloveConnection.Frame(frame, ack), ACK_TIMEOUT, system.scheduler()))
        .watchTermination((nu, done) -> {
          done.whenComplete((d, failure) -> {
            actor.tell(new FoxgloveConnection.Closed());
            outbox.cut("the client closed the connection");
          });
          return NotUsed.getInstance();
        })
        .to(Sink.ignore());
    Source<Message, NotUsed> out = Source.fromGraph(new OutboxSource(outbox, settings.stallTimeout(), name))
        .watchTermination((nu, done) -> {
          done.whenComplete((d, failure) -> actor.tell(new FoxgloveConnection.Closed()));
          return NotUsed.getInstance();
        });
    return Flow.fromSinkAndSourceCoupled(in, out);
  }
}
