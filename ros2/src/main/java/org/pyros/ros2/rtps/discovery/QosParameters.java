package org.pyros.ros2.rtps.discovery;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.pyros.ros2.rtps.qos.Durability;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Liveliness;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.qos.Reliability;
import org.pyros.ros2.rtps.wire.Parameter;
import org.pyros.ros2.rtps.wire.ParameterId;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.ParameterValues;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.rtps.wire.WireDuration;

/** The QoS policies of SEDP data on the wire (DDS-RTPS 9.6.3.2), with the DDS defaults for absent ones. */
final class QosParameters {
  /** What Pyros announces as max_blocking_time (the DDS default); Pyros's writers never block. */
  static final Duration MAX_BLOCKING_TIME = Duration.ofMillis(100);

  private QosParameters() {}

  static Qos read(ParameterList list, boolean writer) {
    Reliability reliability = list.first(ParameterId.PID_RELIABILITY).map(QosParameters::reliability)
        .orElse(writer ? Reliability.RELIABLE : Reliability.BEST_EFFORT);
    Durability durability = list.first(ParameterId.PID_DURABILITY).map(QosParameters::durability)
        .orElse(Durability.VOLATILE);
    History history = list.first(ParameterId.PID_HISTORY).map(QosParameters::history).orElse(History.keepLast(1));
    Duration deadline = list.first(ParameterId.PID_DEADLINE).map(ParameterValues::duration).orElse(Qos.INFINITE);
    Liveliness liveliness = list.first(ParameterId.PID_LIVELINESS).map(QosParameters::liveliness)
        .orElse(Liveliness.AUTOMATIC_INFINITE);
    return new Qos(reliability, durability, history, deadline, liveliness);
  }

  static void write(ParameterListWriter w, Qos qos) {
    w.put(ParameterId.PID_RELIABILITY, b -> {
      b.putInt(qos.reliability().wireValue());
      WireDuration.write(b, MAX_BLOCKING_TIME);
    });
    w.putInt(ParameterId.PID_DURABILITY, qos.durability().wireValue());
    w.put(ParameterId.PID_HISTORY, b -> b.putInt(qos.history().kind() == History.Kind.KEEP_LAST ? 0 : 1)
        .putInt(qos.history().depth()));
    w.putDuration(ParameterId.PID_DEADLINE, qos.deadline());
    w.put(ParameterId.PID_LIVELINESS, b -> {
      b.putInt(qos.liveliness().kind().ordinal());
      WireDuration.write(b, qos.liveliness().leaseDuration());
    });
  }

  private static Reliability reliability(Parameter p) {
    ByteBuffer v = ParameterValues.need(p, 4 + WireDuration.LENGTH);
    int kind = v.getInt();
    WireDuration.read(v); // max_blocking_time: checked, not kept
    if (kind == Reliability.BEST_EFFORT.wireValue()) {
      return Reliability.BEST_EFFORT;
    } else if (kind == Reliability.RELIABLE.wireValue()) {
      return Reliability.RELIABLE;
    }
    throw new RtpsFormatException("unknown reliability kind " + kind);
  }

  private static Durability durability(Parameter p) {
    int kind = ParameterValues.int32(p);
    try {
      return Durability.fromWire(kind);
    } catch (IllegalArgumentException e) {
      throw new RtpsFormatException("unknown durability kind " + kind);
    }
  }

  private static History history(Parameter p) {
    ByteBuffer v = ParameterValues.need(p, 8);
    int kind = v.getInt();
    int depth = v.getInt();
    if (kind == 0) {
      if (depth < 1) {
        throw new RtpsFormatException("history KEEP_LAST of depth " + depth);
      }
      return History.keepLast(depth);
    } else if (kind == 1) {
      // The depth of KEEP_ALL means nothing to a remote endpoint; some send 0.
      return History.keepAll(Math.max(1, depth));
    }
    throw new RtpsFormatException("unknown history kind " + kind);
  }

  private static Liveliness liveliness(Parameter p) {
    ByteBuffer v = ParameterValues.need(p, 4 + WireDuration.LENGTH);
    int kind = v.getInt();
    Duration lease = WireDuration.read(v);
    if (kind < 0 || kind >= Liveliness.Kind.values().length) {
      throw new RtpsFormatException("unknown liveliness kind " + kind);
    }
    return new Liveliness(Liveliness.Kind.values()[kind], lease);
  }
}
