package org.pyros.gateway;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.javadsl.settings.WebSocketSettings;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.metrics.PyrosMetrics;
import org.pyros.core.node.PyrosNode;
import org.pyros.gateway.access.AccessSettings;
import org.pyros.gateway.access.Gatekeeper;
import org.pyros.gateway.access.GrantedClient;
import org.pyros.gateway.foxglove.FoxgloveEndpoint;
import org.pyros.gateway.foxglove.FoxgloveSettings;
import org.pyros.gateway.http.HttpApi;
import org.pyros.gateway.page.GraphPage;
import org.pyros.gateway.rosbridge.RosbridgeEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway in front of one Pyros node: rosbridge v2 over WebSocket at {@code /} (the Foxglove
 * WebSocket protocol there for clients that ask for its subprotocol), the live graph page for a
 * browser's plain GET of {@code /} and the HTTP API under {@code /api}, on one port. What it
 * reaches is what the node exposes.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.start(actors, pyros, node).toCompletableFuture().get();
 * // ws://127.0.0.1:9090 for roslibjs; gateway.port() when port = 0
 * gateway.close();
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
  private static final int MIN_BACKLOG = 1024;

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

  private final ServerBinding binding;
  private final boolean tls;
  private final ConnectionMeters connections;

  private Gateway(ServerBinding binding, boolean tls, ConnectionMeters connections) {
    this.binding = binding;
    this.tls = tls;
    this.connections = connections;
  }

  /** Starts with the settings of {@code pyros.gateway} in the actor system's configuration. */
  public static CompletionStage<Gateway> start(ActorSystem<?> system, PyrosClient pyros, ActorRef<PyrosNode.Command> node) {
    return start(system, pyros, node, GatewaySettings.fromConfig(system.settings().config()));
  }

  /** Starts with {@code settings}, tokens, origins and TLS from the actor system's configuration. */
  public static CompletionStage<Gateway> start(ActorSystem<?> system, PyrosClient pyros, ActorRef<PyrosNode.Command> node,
      GatewaySettings settings) {
    return start(system, pyros, node, settings, AccessSettings.fromConfig(system.settings().config()));
  }

  /**
   * Starts listening; the stage fails when the address cannot be bound.
   *
   * @param pyros the client every request goes through
   * @param node the node (or its cluster proxy), to which services that clients provide are given
   * @param access tokens, browser origins and TLS
   */
  public static CompletionStage<Gateway> start(ActorSystem<?> system, PyrosClient pyros, ActorRef<PyrosNode.Command> node,
      GatewaySettings settings, AccessSettings access) {
    return start(system, pyros, node, settings, access, new PyrosMetrics());
  }

  /** Starts with {@code settings}, access from the configuration, showing its open connections in {@code metrics}. */
  public static CompletionStage<Gateway> start(ActorSystem<?> system, PyrosClient pyros, ActorRef<PyrosNode.Command> node,
      GatewaySettings settings, PyrosMetrics metrics) {
    return start(system, pyros, node, settings, AccessSettings.fromConfig(system.settings().config()), metrics);
  }

  /**
   * Starts listening, showing its open connections in {@code metrics} (docs/METRICS.md); the
   * stage fails when the address cannot be bound.
   */
  public static CompletionStage<Gateway> start(ActorSystem<?> system, PyrosClient pyros, ActorRef<PyrosNode.Command> node,
      GatewaySettings settings, AccessSettings access, PyrosMetrics metrics) {
    ConnectionMeters connections = new ConnectionMeters(metrics.registry());
    RosbridgeEndpoint rosbridge = new RosbridgeEndpoint(system, pyros, node, settings, access.access(), connections);
    FoxgloveEndpoint foxglove = new FoxgloveEndpoint(system, pyros, settings,
        FoxgloveSettings.fromConfig(system.settings().config()), connections);
    Gatekeeper gatekeeper = new Gatekeeper(access.access(), access.origins(settings.host()));
    Route route = new Routes().of(pyros, gatekeeper, rosbridge, foxglove, new HttpApi(system, pyros, settings, connections), new GraphPage(),
        connections);
    ServerSettings base = ServerSettings.create(system.settings().config());
    WebSocketSettings ws = base.getWebsocketSettings().withPeriodicKeepAliveMaxIdle(Duration.ofSeconds(20));
    ServerSettings server = base.withWebsocketSettings(ws)
        .withParserSettings(base.getParserSettings().withMaxContentLength(settings.maxFrameBytes()))
        .withMaxConnections(settings.maxConnections())
        // Browsers reconnect all at once when a gateway comes back: with Pekko's backlog of 100 the
        // kernel drops their SYNs and each waits a second or more to try again.
        .withBacklog(Math.max(base.getBacklog(), MIN_BACKLOG));
    ServerBuilder builder = Http.get(system).newServerAt(settings.host(), settings.port()).withSettings(server);
    if (access.tls().isPresent()) {
      builder = builder.enableHttps(ConnectionContext.httpsServer(access.tls().get().sslContext()));
    }
    boolean tls = access.tls().isPresent();
    return builder.bind(route)
        .thenApply(b -> {
          log.info("Pyros gateway listening on {}{} (rosbridge and Foxglove at /, the graph page at /, HTTP at /api){}",
              b.localAddress(), tls ? " with TLS" : "", access.access().isOpen() ? "" : ", tokens required");
          return new Gateway(b, tls, connections);
        })
        .whenComplete((g, failure) -> {
          if (failure != null) {
            connections.remove();
          }
        });
  }

  /** The address listened on; its port is the one taken when the settings said 0. */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  /** The rosbridge URL, e.g. {@code ws://127.0.0.1:9090}. */
  public URI websocketUri() {
    return URI.create((tls ? "wss://" : "ws://") + address().getHostString() + ":" + port());
  }

  /** The HTTP base URL, e.g. {@code http://127.0.0.1:9090}. */
  public URI httpUri() {
    return URI.create((tls ? "https://" : "http://") + address().getHostString() + ":" + port());
  }

  /** Stops listening and ends the open connections. */
  public CompletionStage<Done> stop() {
    return binding.terminate(STOP_DEADLINE).thenApply(t -> {
      connections.remove();
      return Done.getInstance();
    });
  }

  @Override
  public void close() {
    try {
      stop().toCompletableFuture().get(STOP_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("The gateway on {} did not stop cleanly", address(), e);
    }
  }

  /** The gateway's routes. */
  private static final class Routes extends AllDirectives {
    Route of(PyrosClient pyros, Gatekeeper gate, RosbridgeEndpoint rosbridge, FoxgloveEndpoint foxglove, HttpApi api, GraphPage page,
        ConnectionMeters connections) {
      // A client that asks for the Foxglove subprotocol gets it; every other WebSocket is rosbridge;
      // a GET that is no WebSocket upgrade is a browser wanting the graph page (static: no token needed).
      return gate.checkingOrigin(() -> concat(pathEndOrSingleSlash(() -> concat(
              extractWebSocketUpgrade(upgrade -> gate.grantedSocket(grant -> concat(
                  handleWebSocketMessagesForProtocol(connections.counted(ConnectionMeters.FOXGLOVE, foxglove.flow(grant)),
                      FoxgloveEndpoint.SDK_SUBPROTOCOL),
                  handleWebSocketMessagesForProtocol(connections.counted(ConnectionMeters.FOXGLOVE, foxglove.flow(grant)),
                      FoxgloveEndpoint.SUBPROTOCOL),
                  handleWebSocketMessages(connections.counted(ConnectionMeters.ROSBRIDGE, rosbridge.flow(grant)))))),
              page.index())),
          page.assets(),
          pathPrefix("api", () -> gate.granted(grant -> api.through(GrantedClient.of(pyros, grant)).routeBelowPrefix()))));
    }
  }
}
