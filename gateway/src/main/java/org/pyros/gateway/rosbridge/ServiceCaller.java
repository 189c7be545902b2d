package org.pyros.gateway.rosbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.msg.MessageJson;
import org.pyros.gateway.rosapi.Rosapi;

/**
 * Answers a client's {@code call_service}: rosapi's services here, the others through the node.
 * The answer is a {@code service_response} (in fragments when the call asked for them); a
 * failure is a {@code service_response} with result false and the reason, and a status error.
 */
final class ServiceCaller {
  private final PyrosClient pyros;
  private final Rosapi rosapi;
  private final ClientChannel channel;

  ServiceCaller(PyrosClient pyros, Rosapi rosapi, ClientChannel channel) {
    this.pyros = pyros;
    this.rosapi = rosapi;
    this.channel = channel;
  }

  void call(JsonNode op) {
    String service = Members.name(op, "service");
    String id = Ops.text(op, "id");
    int fragmentSize = (int) Math.max(0, Math.min(Integer.MAX_VALUE, op.path("fragment_size").asLong(0)));
    Duration timeout = Members.timeout(op, "timeout");
    CompletionStage<JsonNode> answer = rosapi.handles(service)
        ? rosapi.call(service, op.get("args"))
        : pyros.serviceType(service)
            .thenCompose(type -> pyros.call(service, ServiceArgs.request(type.request(), op.get("args")), timeout))
            .thenApply(MessageJson::toJson);
    answer.whenComplete((values, failure) -> {
      if (failure == null) {
        channel.sendText(Outbox.CONTROL, Ops.serviceResponse(id, service, true, values), fragmentSize, Integer.MAX_VALUE, id);
      } else {
        String why = Failures.reason(failure);
        channel.status(id, StatusLevel.ERROR, "call_service " + service + ": " + why);
        channel.send(Ops.serviceResponse(id, service, false, JsonNodeFactory.instance.textNode(why)));
      }
    });
  }
}
