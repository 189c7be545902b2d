package org.pyros.ros2.cdr;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pyros.core.msg.MessageType;
import org.pyros.ros2.msg.Ros2Type;
import org.pyros.ros2.msg.Ros2Types;

/**
 * The codecs of a type registry, each compiled once on first use and then shared. Thread-safe.
 */
public final class CdrCodecs {
  private final Ros2Types types;
  private final Map<String, CdrCodec> byName = new ConcurrentHashMap<>();

  public CdrCodecs(Ros2Types types) {
    this.types = types;
  }

  public Ros2Types types() {
    return types;
  }

  /**
   * The codec of a ROS 2 type by name ({@code pkg/msg/T}, {@code pkg/T}, {@code pkg/srv/S_Request}).
   *
   * @throws org.pyros.core.error.PyrosException with {@code UNKNOWN_TYPE} when the type is unknown
   */
  public CdrCodec codec(String name) {
    Ros2Type type = types.type(name);
    CdrCodec known = byName.get(type.name());
    if (known != null && known.type() == type) {
      return known;
    }
    CdrCodec fresh = CdrCodec.of(type);
    byName.put(type.name(), fresh);
    return fresh;
  }

  /** The codec of a core type: the registry's ROS 2 view of it (see {@link Ros2Types#type(MessageType)}). */
  public CdrCodec codec(MessageType type) {
    CdrCodec known = byName.get(type.name());
    if (known != null && known.type().messageType().equals(type)) {
      return known;
    }
    Ros2Type ros2 = types.type(type);
    CdrCodec fresh = CdrCodec.of(ros2);
    byName.put(type.name(), fresh);
    return fresh;
  }
}
