package org.pyros.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.gateway.Gateway;
import org.pyros.gateway.GatewaySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code pyros gateway [--port P] [--host H] [--expose PATTERN]...}: a Pyros node on the graph with
 * the gateway in front of it (rosbridge v2 at {@code ws://HOST:PORT}, HTTP at {@code /api}),
 * until interrupted.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Run a Pyros node with its gateway (rosbridge v2 over WebSocket, HTTP under /api) until interrupted.")
final class GatewayCommand extends GraphCommand {
  @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "9090",
      description = "Port (default: ${DEFAULT-VALUE}, rosbridge's; 0 = any free port).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--expose", paramLabel = "PATTERN",
      description = "Topics, services and params the gateway reaches (repeatable; /robot/** a subtree, re:REGEX a regex). "
          + "Default: everything.")
  List<String> expose = new ArrayList<>();

  @Override
  void validate() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "not a port: " + port);
    }
    try {
      exposure();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--expose: " + e.getMessage());
    }
  }

  private Exposure exposure() {
    NameFilter filter = expose.isEmpty() ? NameFilter.allowing("/**") : NameFilter.of(expose, List.of());
    return new Exposure(filter, filter, filter);
  }

  @Override
  boolean onRos2() {
    return true;
  }

  @Override
  int run(GraphConnection ros) {
    GraphConnection.await(ros.client().reconfigure(exposure()));
    GatewaySettings base = GatewaySettings.fromConfig(ros.actors().settings().config());
    GatewaySettings settings = new GatewaySettings(host, port, base.maxFrameBytes(), base.queueLength(), base.maxQueuedBytes(),
        base.stallTimeout(), base.maxOpenFragmented(), base.providedServiceTimeout(), base.subscribeRetry(), base.nodeName(),
        base.idleTimeout(), base.maxConnections());
    Gateway gateway;
    try {
      gateway = GraphConnection.await(Gateway.start(ros.actors(), ros.client(), ros.node(), settings));
    } catch (RuntimeException e) {
      throw new CliFailure("cannot listen on " + host + ":" + port + ": " + PyrosCli.oneLine(String.valueOf(e.getMessage())), e);
    }
    CountDownLatch stopping = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopping.countDown();
      try {
        stopped.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "pyros-gateway-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    print("rosbridge: " + gateway.websocketUri());
    print("HTTP: " + gateway.httpUri() + "/api (OpenAPI: " + gateway.httpUri() + "/api/openapi.json)");
    print("on " + ros.where() + "; exposing " + (expose.isEmpty() ? "everything" : String.join(" ", expose)));
    try {
      stopping.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Runtime.getRuntime().removeShutdownHook(hook);
      return 130;
    } finally {
      gateway.close();
      ros.close();
      stopped.countDown();
    }
  }
}
