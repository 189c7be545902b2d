package org.pyros.gateway.foxglove;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Members of the client's JSON operations, checked: a missing or ill-typed one is a refusal. */
final class ClientOps {
  private ClientOps() {}

  /** The objects of the array member {@code member}. */
  static List<JsonNode> each(JsonNode op, String member) {
    JsonNode list = op.get(member);
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("member \"" + member + "\" must be an array");
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : list) {
      if (!n.isObject()) {
        throw new IllegalArgumentException("the members of \"" + member + "\" must be objects");
      }
      out.add(n);
    }
    return out;
  }

  /** The ids of the array member {@code member}. */
  static List<Long> ids(JsonNode op, String member) {
    JsonNode list = op.get(member);
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("member \"" + member + "\" must be an array of ids");
    }
    List<Long> out = new ArrayList<>();
    for (JsonNode n : list) {
      out.add(asId(n, member));
    }
    return out;
  }

  /** An unsigned 32-bit id: member {@code member} of {@code node}. */
  static long id(JsonNode node, String member) {
    return asId(node.get(member), member);
  }

  private static long asId(JsonNode n, String member) {
    if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.longValue() < 0 || n.longValue() > 0xffffffffL) {
      throw new IllegalArgumentException("\"" + member + "\" must be an id (an unsigned 32-bit integer)");
    }
    return n.longValue();
  }

  static String text(JsonNode node, String member) {
    JsonNode n = node.get(member);
    if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
      throw new IllegalArgumentException("member \"" + member + "\" must be a non-empty string");
    }
    return n.textValue();
  }
}
