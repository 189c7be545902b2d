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
    Message response;
    try {
      response = GraphConnection.await(ros.client().callJson(service, json));
    } catch (PyrosException e) {
      throw explain(e, ErrorCode.BAD_MESSAGE, "the JSON does not fit the request of " + type);
    }
    print(MessageJson.toJsonString(response));
    return 0;
  }
}
