package org.pyros.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;

/** Messages with random values in every field, within what both ROS versions can hold. */
final class RandomMessages {
  private final Random random;

  RandomMessages(long seed) {
    random = new Random(seed);
  }

  Message of(MessageType type) {
    Object[] values = new Object[type.fields().size()];
    for (int i = 0; i < values.length; i++) {
      Field f = type.fields().get(i);
      values[i] = value(f.type());
    }
    return Message.ofTrusted(type, values);
  }

  private Object value(FieldType type) {
    if (type instanceof FieldType.Array a) {
      int n = a.isFixed() ? a.fixedLength() : random.nextInt(4);
      if (a.isBytes()) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return ByteString.fromArray(b);
      }
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(value(a.element()));
      }
      return List.copyOf(out);
    }
    if (type instanceof FieldType.Nested n) {
      return of(n.type());
    }
    Primitive p = ((FieldType.Builtin) type).primitive();
    return switch (p) {
      case BOOL -> random.nextBoolean();
      case INT8, BYTE -> random.nextInt(256) - 128;
      case UINT8, CHAR -> random.nextInt(256);
      case INT16 -> random.nextInt(65536) - 32768;
      case UINT16 -> random.nextInt(65536);
      case INT32 -> random.nextInt();
      case UINT32 -> random.nextLong() & 0xFFFF_FFFFL;
      case INT64, UINT64 -> random.nextLong();
      case FLOAT32 -> random.nextFloat() * 1000 - 500;
      case FLOAT64 -> random.nextDouble() * 1e6 - 5e5;
      case STRING -> "s" + Long.toHexString(random.nextLong());
      case TIME -> new RosTime(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000));
      case DURATION -> new RosDuration(random.nextInt(), random.nextInt(1_000_000_000));
    };
  }
}
