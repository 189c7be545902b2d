package org.pyros.ros2.rtps.discovery;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.Parameter;
import org.pyros.ros2.rtps.wire.ParameterId;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;

/**
 * PID_STATUS_INFO and PID_KEY_HASH of a DATA's inline QoS (DDS-RTPS 9.6.3.9): how a writer says
 * that the instance a key names was disposed or unregistered. For discovery data the key is the
 * participant's or the endpoint's GUID.
 */
public final class StatusInfo {
  public static final int DISPOSED = 0x1;
  public static final int UNREGISTERED = 0x2;

  private StatusInfo() {}

  /** The status flags (0 when absent). Four octets; the flags are in the last. */
  public static int flags(ParameterList inlineQos) {
    if (inlineQos == null) {
      return 0;
    }
    Optional<Parameter> p = inlineQos.first(ParameterId.PID_STATUS_INFO);
    if (p.isEmpty() || p.get().value().remaining() < 4) {
      return 0;
    }
    ByteBuffer v = p.get().view();
    return v.get(v.position() + 3) & 0xff;
  }

  /** True when the inline QoS says the instance is gone (disposed or unregistered). */
  public static boolean isGone(ParameterList inlineQos) {
    return (flags(inlineQos) & (DISPOSED | UNREGISTERED)) != 0;
  }

  /** The key hash as a GUID, when present (discovery keys are GUIDs, sent as their 16 octets). */
  public static Optional<Guid> keyHash(ParameterList inlineQos) {
    if (inlineQos == null) {
      return Optional.empty();
    }
    Optional<Parameter> p = inlineQos.first(ParameterId.PID_KEY_HASH);
    if (p.isEmpty() || p.get().value().remaining() < Guid.LENGTH) {
      return Optional.empty();
    }
    return Optional.of(Guid.read(p.get().view()));
  }

  /** Inline QoS naming the instance: the key hash alone. */
  public static ParameterList alive(Guid key) {
    return new ParameterListWriter().putRaw(ParameterId.PID_KEY_HASH, key.toBytes()).toParameterList();
  }

  /** Inline QoS of a dispose: the key hash and status info disposed | unregistered. */
  public static ParameterList disposed(Guid key) {
    return new ParameterListWriter().putRaw(ParameterId.PID_KEY_HASH, key.toBytes())
        .putRaw(ParameterId.PID_STATUS_INFO, new byte[] {0, 0, 0, DISPOSED | UNREGISTERED}).toParameterList();
  }
}
