package org.pyros.gateway.foxglove;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.gateway.Wire;

/** The JSON operations the server sends. */
final class ServerOps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Changes when the gateway restarts, so a client knows its old subscriptions are gone. */
  private static final String SESSION = UUID.randomUUID().toString();
  static final List<String> CAPABILITIES = List.of("clientPublish", "services", "parameters", "connectionGraph");

  private ServerOps() {}

  static ObjectNode serverInfo() {
    ObjectNode op = NODES.objectNode().put("op", "serverInfo").put("name", "pyros-gateway");
    CAPABILITIES.forEach(op.putArray("capabilities")::add);
    op.putArray("supportedEncodings").add(Wire.ROS1.encoding()).add(Wire.CDR.encoding());
    op.putObject("metadata").put("server", "Pyros gateway").put("encodings", "ros1 for ROS 1 topics, cdr for ROS 2 topics");
    op.put("sessionId", SESSION);
    return op;
  }

  static ObjectNode unadvertise(String member, List<Long> ids) {
    ObjectNode op = NODES.objectNode().put("op", "unadvertise");
    ids.forEach(op.putArray(member)::add);
    return op;
  }

  static ObjectNode unadvertiseServices(List<Long> ids) {
    ObjectNode op = NODES.objectNode().put("op", "unadvertiseServices");
    ids.forEach(op.putArray("serviceIds")::add);
    return op;
  }

  /** One service, with both the current request/response schemas and the older members. */
  static ObjectNode advertiseServices(long id, String name, ServiceType type, Wire wire) {
    ObjectNode op = NODES.objectNode().put("op", "advertiseServices");
    ObjectNode s = op.putArray("services").addObject().put("id", id).put("name", name).put("type", type.name());
    s.set("request", schema(wire, type.request()));
    s.set("response", schema(wire, type.response()));
    s.put("requestSchema", wire.schema(type.request()));
    s.put("responseSchema", wire.schema(type.response()));
    return op;
  }

  private static ObjectNode schema(Wire wire, MessageType type) {
    return NODES.objectNode().put("encoding", wire.encoding()).put("schemaName", type.name())
        .put("schemaEncoding", wire.schemaEncoding()).put("schema", wire.schema(type));
  }

  static ObjectNode callFailure(long serviceId, long callId, String message) {
    return NODES.objectNode().put("op", "serviceCallFailure").put("serviceId", serviceId).put("callId", callId)
        .put("message", message);
  }
}
