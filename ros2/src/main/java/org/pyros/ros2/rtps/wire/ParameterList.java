package org.pyros.ros2.rtps.wire;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * A parameter list (DDS-RTPS 9.4.2.11): the inline QoS of DATA submessages and the payload of
 * discovery data. Holds parameters in the order received, sentinel excluded.
 */
public record ParameterList(ByteOrder order, List<Parameter> parameters) {
  public static final ParameterList EMPTY = new ParameterList(ByteOrder.LITTLE_ENDIAN, List.of());

  public ParameterList {
    parameters = List.copyOf(parameters);
  }

  /** The first parameter with that id. */
  public Optional<Parameter> first(int id) {
    for (Parameter p : parameters) {
      if (p.id() == id) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Every parameter with that id (locator lists repeat their id), in order. */
  public List<Parameter> all(int id) {
    return parameters.stream().filter(p -> p.id() == id).toList();
  }
}
