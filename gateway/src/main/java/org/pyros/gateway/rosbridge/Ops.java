package org.pyros.gateway.rosbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The rosbridge v2 messages the gateway sends, as JSON trees. */
final class Ops {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Ops() {}

  /** A {@code status} message; {@code id} may be null. */
  static ObjectNode status(String id, StatusLevel level, String msg) {
    ObjectNode o = op("status", id);
    o.put("level", level.wireName());
    o.put("msg", msg);
    return o;
  }

  static ObjectNode publish(String topic, JsonNode msg) {
    ObjectNode o = op("publish", null);
    o.put("topic", topic);
    o.set("msg", msg);
    return o;
  }

  /** The answer to a {@code call_service}: {@code values} is the response, or the error text. */
  static ObjectNode serviceResponse(String id, String service, boolean result, JsonNode values) {
    ObjectNode o = op("service_response", id);
    o.put("service", service);
    o.set("values", values);
    o.put("result", result);
    return o;
  }

  /** A call of a service a client provides, sent to that client. */
  static ObjectNode callService(String id, String service, JsonNode args) {
    ObjectNode o = op("call_service", id);
    o.put("service", service);
    o.set("args", args);
    return o;
  }

  static ObjectNode fragment(String id, String data, int num, int total) {
    ObjectNode o = op("fragment", id);
    o.put("data", data);
    o.put("num", num);
    o.put("total", total);
    return o;
  }

  private static ObjectNode op(String op, String id) {
    ObjectNode o = NODES.objectNode();
    o.put("op", op);
    if (id != null) {
      o.put("id", id);
    }
    return o;
  }

  /** A member as text, or null when absent; numbers are given as their text (ids may be numbers). */
  static String text(JsonNode op, String member) {
    JsonNode v = op.get(member);
    return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
  }
}
