package org.pyros.bridge;

import java.util.ArrayList;
import java.util.List;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;

/** Turns one source field value into the target's, planned once per field of a type pair. */
@FunctionalInterface
interface ValueMapper {
  long NANOS = 1_000_000_000L;

  Object map(Object value);

  /** The same value: both sides hold the field alike. */
  ValueMapper SAME = v -> v;

  /** ROS 1 {@code byte} (int8) as ROS 2 {@code byte} (octet, held unsigned): the same 8 bits. */
  ValueMapper BYTE_TO_OCTET = v -> ((Integer) v) & 0xFF;

  /** ROS 2 {@code byte} (octet) as ROS 1 {@code byte} (int8): the same 8 bits. */
  ValueMapper OCTET_TO_BYTE = v -> (int) (byte) (int) (Integer) v;

  /** A field the source has no counterpart of, at a fixed value (ROS 1's Header.seq). */
  static ValueMapper constant(Object value) {
    return v -> value;
  }

  /** Each element of a list mapped by {@code element}. */
  static ValueMapper eachOf(ValueMapper element) {
    return v -> {
      List<?> in = (List<?>) v;
      List<Object> out = new ArrayList<>(in.size());
      for (Object e : in) {
        out.add(element.map(e));
      }
      return java.util.Collections.unmodifiableList(out);
    };
  }

  /** A nested message translated by its own plan. */
  static ValueMapper nested(Translation plan) {
    return v -> plan.translate((Message) v);
  }

  /** ROS 1 {@code time} (uint32 secs) as {@code builtin_interfaces/msg/Time} (int32 sec). */
  static ValueMapper timeToRos2(MessageType timeType, String path) {
    return v -> {
      RosTime t = (RosTime) v;
      if (t.secs() > Integer.MAX_VALUE) {
        throw new MessageFormatException(path, "time " + t.secs() + "." + t.nsecs() + " s is past ROS 2's int32 seconds");
      }
      return Message.ofTrusted(timeType, new Object[] {(int) t.secs(), t.nsecs()});
    };
  }

  /** {@code builtin_interfaces/msg/Time} as ROS 1 {@code time} (unsigned seconds). */
  static ValueMapper timeToRos1(String path) {
    return v -> {
      Message m = (Message) v;
      int sec = (Integer) m.get(0);
      if (sec < 0) {
        throw new MessageFormatException(path, "time " + sec + " s is before 1970: ROS 1 time is unsigned");
      }
      return new RosTime(sec, (Long) m.get(1));
    };
  }

  /**
   * ROS 1 {@code duration} (int32 secs, int32 nsecs) as {@code builtin_interfaces/msg/Duration}
   * (int32 sec, uint32 nanosec): the same nanoseconds, with negative nsecs borrowed from sec.
   */
  static ValueMapper durationToRos2(MessageType durationType, String path) {
    return v -> {
      RosDuration d = (RosDuration) v;
      if (d.nsecs() >= 0) {
        return Message.ofTrusted(durationType, new Object[] {d.secs(), (long) d.nsecs()});
      }
      long total = d.secs() * NANOS + d.nsecs();
      long sec = Math.floorDiv(total, NANOS);
      if (sec < Integer.MIN_VALUE) {
        throw new MessageFormatException(path, "duration " + d.secs() + " s " + d.nsecs() + " ns is below ROS 2's int32 seconds");
      }
      return Message.ofTrusted(durationType, new Object[] {(int) sec, Math.floorMod(total, NANOS)});
    };
  }

  /** {@code builtin_interfaces/msg/Duration} as ROS 1 {@code duration}: nanosec past int32 carried into secs. */
  static ValueMapper durationToRos1(String path) {
    return v -> {
      Message m = (Message) v;
      int sec = (Integer) m.get(0);
      long nanosec = (Long) m.get(1);
      if (nanosec <= Integer.MAX_VALUE) {
        return new RosDuration(sec, (int) nanosec);
      }
      long carried = sec + nanosec / NANOS;
      if (carried > Integer.MAX_VALUE) {
        throw new MessageFormatException(path, "duration " + sec + " s " + nanosec + " ns is past ROS 1's int32 seconds");
      }
      return new RosDuration((int) carried, (int) (nanosec % NANOS));
    };
  }
}
