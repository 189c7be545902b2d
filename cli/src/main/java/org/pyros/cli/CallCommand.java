package org.pyros.cli;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pyros call SERVICE JSON}: calls a service and prints the response as JSON. */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = "Call a service with a request given as JSON; print the response as JSON.")
final class CallCommand extends GraphCommand {
  @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name, e.g. /set_flag.")
  String service;

  @Parameters(index = "1", paramLabel = "JSON", defaultValue = "{}", description = "The request (default: {}).")
  String json;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
      description = "Give up when the service has not answered within this time (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  private com.fasterxml.jackson.databind.JsonNode body;

  @Override
  void validate() {
    body = jsonArgument("JSON", json);
    if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout must be between 0 (exclusive) and 3600 seconds");
    }
  }

  @Override
  int run(GraphConnection connection) {
    RosConnection ros = connection.ros1("call");
    try {
      GraphConnection.await(ros.master().lookupService(service));
    } catch (PyrosException e) {
      throw explain(e, ErrorCode.NOT_FOUND, "unknown service " + service);
    }
    // The node learns a service's type by probing its server after a poll: wait for it.
    var services = ros.poll(() -> ros.client().services(),
        seen -> seen.stream().anyMatch(s -> s.name().equals(service) && !s.type().isEmpty()));
    if (services.stream().noneMatch(s -> s.name().equals(service) && !s.type().isEmpty())) {
      throw new CliFailure("cannot learn the type of service " + service + " (does its server answer?)");
    }
    String type = services.stream().filter(s -> s.name().equals(service)).map(ServiceInfo::type).findFirst().orElse("?");
    Message request;
    try {
      request = MessageJson.fromJson(GraphConnection.await(ros.client().serviceType(service)).request(), body);
    } catch (org.pyros.core.msg.MessageFormatException e) {
      throw new CliFailure("the JSON does not fit the request of " + type + ": " + e.getMessage(), e);
    }
    java.time.Duration timeout = java.time.Duration.ofMillis(Math.round(timeoutSeconds * 1000));
    Message response;
    try {
      // The node fails the call after the timeout; waiting longer than that only guards against a lost answer.
      response = GraphConnection.await(ros.client().call(service, request, timeout), timeout.plus(GraphConnection.REQUEST_LIMIT));
    } catch (PyrosException e) {
      if (e.code() == ErrorCode.TIMEOUT) {
        // Said here with the timeout that applied: the transport's own text may name another one.
        throw new CliFailure(service + " did not answer within " + timeout.toMillis() + " ms (--timeout "
            + PyrosCli.seconds(timeoutSeconds) + ") [TIMEOUT]", e);
      }
      throw e;
    }
    print(MessageJson.toJsonString(response));
    return 0;
  }
}
