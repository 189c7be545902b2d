package org.pyros.core.node;

import java.util.Optional;

/**
 * A parameter's value as plain Java data (Boolean, Integer, Long, Double, String, byte[], List,
 * Map for a namespace); {@code value} is null when the parameter is not set.
 */
public record ParamValue(String name, Object value) {
  public Optional<Object> asOptional() {
    return Optional.ofNullable(value);
  }
}
