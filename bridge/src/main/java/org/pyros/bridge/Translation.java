package org.pyros.bridge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;

/**
 * How messages of one ROS 1 type become messages of its ROS 2 twin, or the other way: planned
 * once per type pair ({@link #plan}), then applied to every message ({@link #translate}).
 *
 * <p>Fields are matched by name (and by {@link FieldRenames} for the few the common packages
 * renamed); ROS 1 {@code time}/{@code duration} become {@code builtin_interfaces} messages and
 * back, exactly; ROS 1's {@code std_msgs/Header.seq} is dropped on the way to ROS 2 and 0 on the
 * way back (a ROS 1 publisher numbers its headers, as rospy does); ROS 2's placeholder field of
 * an empty message is 0 there and absent here; ROS 1 {@code byte} (int8)
 * and ROS 2 {@code byte} (octet) carry the same 8 bits. Any other difference is an
 * {@link UnmappableTypeException} naming the field. Immutable and thread-safe.
 */
public final class Translation {
  /** The field rosidl gives a ROS 2 message without fields (a C struct needs one): 0 here, not on ROS 1. */
  static final String EMPTY_PLACEHOLDER = "structure_needs_at_least_one_member";

  private final MessageType source;
  private final MessageType target;
  private final int[] sourceIndex;
  private final ValueMapper[] mappers;
  private final String[] paths;

  private Translation(MessageType source, MessageType target, int[] sourceIndex, ValueMapper[] mappers, String[] paths) {
    this.source = source;
    this.target = target;
    this.sourceIndex = sourceIndex;
    this.mappers = mappers;
    this.paths = paths;
  }

  public MessageType source() {
    return source;
  }

  public MessageType target() {
    return target;
  }

  /**
   * The target message for a source message.
   *
   * @throws MessageFormatException naming the field when the message is not of the source type or
   *     a value has no exact counterpart (a ROS 2 time before 1970, a ROS 1 time past 2038)
   */
  public Message translate(Message message) {
    if (!message.type().name().equals(source.name())) {
      throw new MessageFormatException("", "a " + message.type().name() + " given to the translation of " + source.name());
    }
    Object[] out = new Object[mappers.length];
    for (int i = 0; i < out.length; i++) {
      int from = sourceIndex[i];
      try {
        out[i] = mappers[i].map(from < 0 ? null : message.get(from));
      } catch (ClassCastException e) {
        throw new MessageFormatException(paths[i], "holds a value of another kind than " + source.name() + " says: " + e.getMessage());
      }
    }
    return Message.ofTrusted(target, out);
  }

  /**
   * Plans the translation of {@code source} messages into {@code target} messages.
   *
   * @throws UnmappableTypeException naming the field that has no counterpart or another kind
   */
  public static Translation plan(MessageType source, MessageType target, Direction direction) {
    return new Planner(direction, source, target, false).plan(source, target, "");
  }

  /**
   * Plans the translation of a service's request or response ({@code pkg/NameRequest} on ROS 1,
   * {@code pkg/srv/Name_Request} on ROS 2): the two top types are paired as given, the types
   * below them by name as for messages.
   *
   * @throws UnmappableTypeException naming the field that has no counterpart or another kind
   */
  public static Translation planServicePart(MessageType source, MessageType target, Direction direction) {
    return new Planner(direction, source, target, true).plan(source, target, "");
  }

  /** Plans one type pair and the nested pairs below it, each once. */
  private record Planner(Direction direction, MessageType topSource, MessageType topTarget, boolean servicePart,
      Map<String, Translation> done) {
    Planner(Direction direction, MessageType topSource, MessageType topTarget, boolean servicePart) {
      this(direction, topSource, topTarget, servicePart, new HashMap<>());
    }

    Translation plan(MessageType source, MessageType target, String path) {
      Translation known = done.get(source.name());
      if (known != null) {
        return known;
      }
      boolean pairedAsGiven = servicePart && path.isEmpty();
      String expected = pairedAsGiven ? target.name() : direction.targetTypeName(source.name());
      if (!expected.equals(target.name())) {
        throw fail(path, "is a " + source.name() + " here and a " + target.name() + " there (expected " + expected + ")");
      }
      String ros1Type = direction == Direction.ROS1_TO_ROS2 ? source.name() : target.name();
      boolean header = ros1Type.equals(TypeNames.ROS1_HEADER);
      List<Field> targetFields = target.fields();
      int[] index = new int[targetFields.size()];
      ValueMapper[] mappers = new ValueMapper[targetFields.size()];
      String[] paths = new String[targetFields.size()];
      Set<String> unused = new TreeSet<>();
      source.fields().forEach(f -> unused.add(f.name()));
      for (int i = 0; i < targetFields.size(); i++) {
        Field tf = targetFields.get(i);
        String name = direction == Direction.ROS1_TO_ROS2 ? FieldRenames.ros1Name(ros1Type, tf.name()) : FieldRenames.ros2Name(ros1Type, tf.name());
        String fieldPath = path.isEmpty() ? name : path + "." + name;
        paths[i] = fieldPath;
        int from = source.indexOf(name);
        if (from < 0 && header && tf.name().equals("seq")) {
          index[i] = -1;
          mappers[i] = ValueMapper.constant(0L);
          continue;
        }
        if (from < 0 && tf.name().equals(EMPTY_PLACEHOLDER)) {
          index[i] = -1;
          mappers[i] = ValueMapper.constant(0);
          continue;
        }
        if (from < 0) {
          throw fail(path.isEmpty() ? tf.name() : path + "." + tf.name(), "of " + target.name() + " has no counterpart in " + source.name());
        }
        unused.remove(name);
        index[i] = from;
        mappers[i] = mapper(source.fields().get(from).type(), tf.type(), fieldPath);
      }
      if (header && direction == Direction.ROS1_TO_ROS2) {
        unused.remove("seq");
      }
      unused.remove(EMPTY_PLACEHOLDER);
      if (!unused.isEmpty()) {
        String first = unused.iterator().next();
        throw fail(path.isEmpty() ? first : path + "." + first, "of " + source.name() + " has no counterpart in " + target.name());
      }
      Translation t = new Translation(source, target, index, mappers, paths);
      done.put(source.name(), t);
      return t;
    }

    private ValueMapper mapper(FieldType from, FieldType to, String path) {
      if (from instanceof FieldType.Array a && to instanceof FieldType.Array b) {
        if (a.fixedLength() != b.fixedLength()) {
          throw fail(path, "is " + from.rosName() + " here and " + to.rosName() + " there");
        }
        if (a.isBytes() && b.isBytes()) {
          return ValueMapper.SAME;
        }
        if (a.isBytes() || b.isBytes()) {
          throw fail(path, "is " + from.rosName() + " here and " + to.rosName() + " there");
        }
        ValueMapper element = mapper(a.element(), b.element(), path + "[]");
        return element == ValueMapper.SAME ? ValueMapper.SAME : ValueMapper.eachOf(element);
      }
      if (from instanceof FieldType.Array || to instanceof FieldType.Array) {
        throw fail(path, "is " + from.rosName() + " here and " + to.rosName() + " there");
      }
      if (from instanceof FieldType.Builtin a && to instanceof FieldType.Builtin b) {
        return builtin(a.primitive(), b.primitive(), path);
      }
      if (from instanceof FieldType.Builtin a && to instanceof FieldType.Nested n) {
        return timeToRos2(a.primitive(), n.type(), path);
      }
      if (from instanceof FieldType.Nested n && to instanceof FieldType.Builtin b) {
        return timeToRos1(n.type(), b.primitive(), path);
      }
      MessageType a = ((FieldType.Nested) from).type();
      MessageType b = ((FieldType.Nested) to).type();
      return ValueMapper.nested(plan(a, b, path));
    }

    private ValueMapper builtin(Primitive a, Primitive b, String path) {
      if (a == Primitive.TIME || a == Primitive.DURATION || b == Primitive.TIME || b == Primitive.DURATION) {
        throw fail(path, "is a " + a.rosName() + " here and a " + b.rosName() + " there");
      }
      if (a.canonical() == b.canonical()) {
        return ValueMapper.SAME;
      }
      // ROS 1 byte is int8; ROS 2 byte is an octet (held as uint8): the same bits either way.
      if (direction == Direction.ROS1_TO_ROS2 && a == Primitive.BYTE && b == Primitive.UINT8) {
        return ValueMapper.BYTE_TO_OCTET;
      }
      if (direction == Direction.ROS2_TO_ROS1 && a == Primitive.UINT8 && b == Primitive.BYTE) {
        return ValueMapper.OCTET_TO_BYTE;
      }
      throw fail(path, "is a " + a.rosName() + " here and a " + b.rosName() + " there");
    }

    private ValueMapper timeToRos2(Primitive p, MessageType nested, String path) {
      if (direction == Direction.ROS1_TO_ROS2 && p == Primitive.TIME && nested.name().equals(TypeNames.ROS2_TIME)) {
        return ValueMapper.timeToRos2(nested, path);
      }
      if (direction == Direction.ROS1_TO_ROS2 && p == Primitive.DURATION && nested.name().equals(TypeNames.ROS2_DURATION)) {
        return ValueMapper.durationToRos2(nested, path);
      }
      throw fail(path, "is a " + p.rosName() + " here and a " + nested.name() + " there");
    }

    private ValueMapper timeToRos1(MessageType nested, Primitive p, String path) {
      if (direction == Direction.ROS2_TO_ROS1 && p == Primitive.TIME && nested.name().equals(TypeNames.ROS2_TIME)) {
        return ValueMapper.timeToRos1(path);
      }
      if (direction == Direction.ROS2_TO_ROS1 && p == Primitive.DURATION && nested.name().equals(TypeNames.ROS2_DURATION)) {
        return ValueMapper.durationToRos1(path);
      }
      throw fail(path, "is a " + nested.name() + " here and a " + p.rosName() + " there");
    }

    private UnmappableTypeException fail(String path, String why) {
      return new UnmappableTypeException(topSource.name(), topTarget.name(), path, why);
    }
  }
}
