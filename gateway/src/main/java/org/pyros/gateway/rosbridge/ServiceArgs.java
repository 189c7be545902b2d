package org.pyros.gateway.rosbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageJson;
import org.pyros.core.msg.MessageType;

/** The {@code args} of a {@code call_service}: an object by field name, or a list in field order. */
final class ServiceArgs {
  private ServiceArgs() {}

  /**
   * The request message.
   *
   * @throws org.pyros.core.msg.MessageFormatException when an argument does not fit
   * @throws IllegalArgumentException for a list longer than the request has fields
   */
  static Message request(MessageType type, JsonNode args) {
    if (args == null || !args.isArray()) {
      return MessageJson.fromJson(type, args);
    }
    List<Field> fields = type.fields();
    if (args.size() > fields.size()) {
      throw new IllegalArgumentException(type.name() + " has " + fields.size() + " fields, args list has " + args.size());
    }
    ObjectNode byName = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < args.size(); i++) {
      byName.set(fields.get(i).name(), args.get(i));
    }
    return MessageJson.fromJson(type, byName);
  }
}
