package org.pyros.cli;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pyros call SERVICE JSON}: calls a service and prints the response as JSON. */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = "Call a service with a request given as JSON; print the response as JSON.")
final class CallCommand extends GraphCommand {
  @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name, e.g. /set_flag.")
  String service;

  @Parameters(index = "1", paramLabel = "JSON", defaultValue = "{}", description = "The request (default: {}).")
  String json;

  @Override
  void validate() {
    jsonArgument("JSON", json);
  }

  @Override
  boolean onRos2() {
    return true;
  }

  @Override
  int run(GraphConnection connection) {
    String type = connection instanceof Ros2Connection ? ros2Type(connection) : ros1Type(connection.ros1("call"));
    Message response;
    try {
      response = GraphConnection.await(connection.client().callJson(service, json));
    } catch (PyrosException e) {
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
