package org.pyros.ros2.rtps.discovery;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key=value;} form in which ROS 2 fills USER_DATA: {@code enclave=/;} on a
 * participant, {@code typehash=RIHS01_...;} on endpoints from Iron on.
 */
public final class UserDataProperties {
  private UserDataProperties() {}

  /** The properties in {@code userData}, in order; entries without '=' are ignored. Never throws. */
  public static Map<String, String> parse(byte[] userData) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : new String(userData, StandardCharsets.UTF_8).split(";")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        out.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@code k1=v1;k2=v2;} in UTF-8. */
  public static byte[] format(Map<String, String> properties) {
    StringBuilder b = new StringBuilder();
    properties.forEach((k, v) -> {
      if (k.isEmpty() || k.contains("=") || k.contains(";") || v.contains(";")) {
        throw new IllegalArgumentException("not a user data property: " + k + "=" + v);
      }
      b.append(k).append('=').append(v).append(';');
    });
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
