package org.pyros.ros2.cdr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.Primitive;
import org.pyros.ros2.msg.Ros2Field;
import org.pyros.ros2.msg.Ros2Type;

/** Random messages of a ROS 2 type, every value within its type's bounds, for round trips. */
public final class RandomMessages {
  private final Random random;

  public RandomMessages(long seed) {
    this.random = new Random(seed);
  }

  public Message of(Ros2Type type) {
    Message.Builder b = Message.builder(type.messageType());
    for (Ros2Field f : type.fields()) {
      b.set(f.name(), value(f));
    }
    return b.build();
  }

  private Object value(Ros2Field f) {
    FieldType t = f.field().type();
    if (!(t instanceof FieldType.Array a)) {
      return element(f, t);
    }
    int n = a.isFixed() ? a.fixedLength() : random.nextInt(f.sequenceBound() >= 0 ? f.sequenceBound() + 1 : 5);
    if (a.isBytes()) {
      byte[] bytes = new byte[n];
      random.nextBytes(bytes);
      return ByteString.fromArrayUnsafe(bytes);
    }
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(element(f, a.element()));
    }
    return out;
  }

  private Object element(Ros2Field f, FieldType t) {
    if (t instanceof FieldType.Nested) {
      return of(f.nested());
    }
    Primitive p = ((FieldType.Builtin) t).primitive();
    return switch (p) {
      case BOOL -> random.nextBoolean();
      case INT8, BYTE -> random.nextInt(256) - 128;
      case UINT8, CHAR -> random.nextInt(256);
      case INT16 -> random.nextInt(65536) - 32768;
      case UINT16 -> random.nextInt(65536);
      case INT32 -> random.nextInt();
      case UINT32 -> random.nextLong() & 0xFFFF_FFFFL;
      case INT64, UINT64 -> random.nextLong();
      case FLOAT32 -> random.nextInt(10) == 0 ? Float.NaN : random.nextFloat() * 1e6f - 5e5f;
      case FLOAT64 -> random.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : random.nextGaussian() * 1e9;
      case STRING -> string(f.wide(), f.stringBound());
      default -> throw new IllegalStateException(p.toString());
    };
  }

  private String string(boolean wide, int bound) {
    int max = bound >= 0 ? bound : 12;
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(max + 1);
    for (int i = 0; i < length; i++) {
      char c = switch (random.nextInt(4)) {
        case 0 -> (char) (0x20 + random.nextInt(0x5F));
        case 1 -> (char) (0xA0 + random.nextInt(0x100));
        case 2 -> (char) (0x2000 + random.nextInt(0x1000));
        default -> (char) ('a' + random.nextInt(26));
      };
      s.append(c);
      int size = wide ? s.length() : s.toString().getBytes(StandardCharsets.UTF_8).length;
      if (size > max) {
        s.setLength(s.length() - 1);
        break;
      }
    }
    return s.toString();
  }
}
