package org.pyros.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

  private JsonNode body;

  @Override
  void resolveNames(java.util.function.UnaryOperator<String> resolve) {
    service = resolve.apply(service);
  }

  @Override
  void validate() {
    body = jsonArgument("JSON", json);
    if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
      throw new ParameterException(spec.commandLine(), "--timeout must be between 0 (exclusive) and 3600 seconds");
    }
  }

  @Override
  boolean onRos2() {
    return true;
  }

  @Override
  int run(GraphConnection connection) {
    String type = connection instanceof Ros2Connection ? ros2Type(connection) : ros1Type(connection.ros1("call"));
    Message request;
    try {
      request = MessageJson.fromJson(GraphConnection.await(connection.client().serviceType(service)).request(), body);
    } catch (MessageFormatException e) {
      throw new CliFailure("the JSON does not fit the request of " + type + ": " + e.getMessage(), e);
    }
    Duration timeout = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
    Message response;
    try {
      // The node fails the call after the timeout; waiting longer than that only guards against a lost answer.
      response = GraphConnection.await(connection.client().call(service, request, timeout),
          timeout.plus(GraphConnection.REQUEST_LIMIT));
    } catch (PyrosException e) {
      if (e.code() == ErrorCode.TIMEOUT) {
        // Said here with the timeout that applied: the transport's own text may name another one.
        throw new CliFailure(service + " did not answer within " + timeout.toMillis() + " ms (--timeout "
            + PyrosCli.seconds(timeoutSeconds) + ") [TIMEOUT]", e);
      }
      throw explain(e, ErrorCode.BAD_MESSAGE, "the JSON does not fit the request of " + type);
    }
    print(MessageJson.toJsonString(response));
    return 0;
  }

  /** A DDS graph has no master: the service is known once discovery found its server (within the graph wait). */
  private String ros2Type(GraphConnection ros2) {
    var services = ros2.poll(() -> ros2.client().services(),
        seen -> seen.stream().anyMatch(s -> s.name().equals(service) && !s.type().isEmpty()));
    return services.stream().filter(s -> s.name().equals(service) && !s.type().isEmpty()).map(ServiceInfo::type)
        .findFirst().orElseThrow(() -> new CliFailure("unknown service " + service + ": no server of it found in "
            + ros2.where() + " within " + ros2.graphWait().toMillis() + " ms"));
  }

  private String ros1Type(RosConnection ros) {
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
    return services.stream().filter(s -> s.name().equals(service)).map(ServiceInfo::type).findFirst().orElse("?");
  }
}
