package org.pyros.ros2.system;

import java.util.ArrayList;
import java.util.List;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;

/**
 * Lets a message built on another description of the same type be published on a ROS 2 topic:
 * {@code std_msgs/String} from core's standard types has the fields of ROS 2's
 * {@code std_msgs/msg/String}, and an application should not have to care which it built.
 * Fields must match by name and kind, in order; anything else is a clear error.
 */
final class MessageShapes {
  private MessageShapes() {}

  /** The message as a message of {@code target}; the message itself when it already is one. */
  static Message adapt(Message m, MessageType target) {
    if (m.type() == target || m.type().equals(target)) {
      return m;
    }
    List<Field> from = m.type().fields();
    List<Field> to = target.fields();
    if (from.size() != to.size()) {
      throw new MessageFormatException("", m.type().name() + " has " + from.size() + " fields, "
          + target.name() + " has " + to.size());
    }
    Object[] values = new Object[to.size()];
    for (int i = 0; i < values.length; i++) {
      Field a = from.get(i);
      Field b = to.get(i);
      if (!a.name().equals(b.name())) {
        throw new MessageFormatException(a.name(), "is field " + b.name() + " in " + target.name());
      }
      values[i] = adaptValue(a.name(), m.get(i), a.type(), b.type());
    }
    return Message.ofTrusted(target, values);
  }

  private static Object adaptValue(String field, Object value, FieldType from, FieldType to) {
    if (from instanceof FieldType.Builtin fb && to instanceof FieldType.Builtin tb
        && fb.primitive().canonical() == tb.primitive().canonical()) {
      return value;
    }
    if (from instanceof FieldType.Nested && to instanceof FieldType.Nested tn) {
      return adapt((Message) value, tn.type());
    }
    if (from instanceof FieldType.Array fa && to instanceof FieldType.Array ta && fa.fixedLength() == ta.fixedLength()) {
      if (fa.isBytes() && ta.isBytes()) {
        return value;
      }
      if (fa.element() instanceof FieldType.Nested && ta.element() instanceof FieldType.Nested tn) {
        List<Object> out = new ArrayList<>();
        for (Object o : (List<?>) value) {
          out.add(adapt((Message) o, tn.type()));
        }
        return List.copyOf(out);
      }
      if (fa.element() instanceof FieldType.Builtin eb && ta.element() instanceof FieldType.Builtin tb
          && eb.primitive().canonical() == tb.primitive().canonical()) {
        return value;
      }
    }
    throw new MessageFormatException(field, "is " + from.rosName() + " here but " + to.rosName() + " on the topic");
  }
}
