package org.pyros.ros2.system;

import java.util.Optional;
import org.pyros.core.msg.Message;

/** What one {@code rcl_interfaces/msg/ParameterEvent} says of one parameter, if anything. */
final class ParameterEventChange {
  private ParameterEventChange() {}

  /**
   * The parameter's new value (an empty Optional when the event deletes it), or empty when the
   * event does not name it.
   */
  static Optional<Optional<Object>> of(Message event, Ros2Params.ParamName p) {
    if (!event.getString("node").equals(p.node())) {
      return Optional.empty();
    }
    for (String list : new String[] {"new_parameters", "changed_parameters"}) {
      for (Message param : event.<Message>getList(list)) {
        if (param.getString("name").equals(p.param())) {
          return Optional.of(ParameterValues.fromMessage(param.getMessage("value")));
        }
      }
    }
    for (Message param : event.<Message>getList("deleted_parameters")) {
      if (param.getString("name").equals(p.param())) {
        return Optional.of(Optional.empty());
      }
    }
    return Optional.empty();
  }
}
