package org.pyros.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageJson;
import org.pyros.core.msg.ServiceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pyros serve SERVICE TYPE RESPONSE_JSON}: serves a service that answers every request
 * with the same response, as {@code pub} publishes the same message, until interrupted (Ctrl-C or
 * SIGTERM unregister it); prints each request as one line of JSON.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve a service that answers every request with a constant response given as JSON; print each request as JSON.")
final class ServeCommand extends GraphCommand {
  @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name, e.g. /set_flag.")
  String service;

  @Parameters(index = "1", paramLabel = "TYPE", description = "Service type, e.g. std_srvs/SetBool.")
  String typeName;

  @Parameters(index = "2", paramLabel = "RESPONSE_JSON", description = "The response, e.g. '{\"success\": true}'.")
  String json;

  private JsonNode body;

  @Override
  void resolveNames(java.util.function.UnaryOperator<String> resolve) {
    service = resolve.apply(service);
  }

  @Override
  void validate() {
    body = jsonArgument("RESPONSE_JSON", json);
  }

  @Override
  int run(GraphConnection connection) {
    RosConnection ros = connection.ros1("serve");
    ServiceType type;
    try {
      type = GraphConnection.await(ros.system().serviceType(typeName));
    } catch (PyrosException e) {
      throw unknownType("service type", typeName, e);
    }
    Message response;
    try {
      response = MessageJson.fromJson(type.response(), body);
    } catch (MessageFormatException e) {
      throw new CliFailure("the JSON does not fit " + type.response().name() + ": " + e.getMessage(), e);
    }
    PyrosClient.ProvidedService provided;
    try {
      provided = GraphConnection.await(ros.client().provideService(service, typeName, request -> {
        print(MessageJson.toJsonString(request));
        return CompletableFuture.completedFuture(response);
      }));
    } catch (PyrosException e) {
      throw explain(e, ErrorCode.SYSTEM_FAILURE, "cannot serve " + service);
    }
    try {
      new CountDownLatch(1).await(); // until interrupted; a signal's exit closes the node (ExitGuard)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } finally {
      try {
        GraphConnection.await(provided.withdraw());
      } catch (PyrosException e) {
        // Exiting anyway: closing the node unregisters the service.
      }
    }
    return 0;
  }
}
