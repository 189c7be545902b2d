package org.pyros.core.msg;

/**
 * The builtin field types of a ROS-style message, with the Java class a {@link Message} holds
 * for each.
 *
 * <p>Integers are widened so that every value fits without sign tricks: 8/16-bit types and
 * {@code int32} are held as {@link Integer}, {@code uint32} and {@code int64} as {@link Long}.
 * {@code uint64} is held as a {@link Long} carrying the same 64 bits (read it with
 * {@link Long#toUnsignedString(long)}); JSON shows it as an unsigned number.
 * {@code byte} and {@code char} are ROS's deprecated aliases of {@code int8} and {@code uint8};
 * they are kept apart only because md5sums use the type as written.
 */
public enum Primitive {
  BOOL("bool", Boolean.class, 1),
  INT8("int8", Integer.class, 1),
  UINT8("uint8", Integer.class, 1),
  BYTE("byte", Integer.class, 1),
  CHAR("char", Integer.class, 1),
  INT16("int16", Integer.class, 2),
  UINT16("uint16", Integer.class, 2),
  INT32("int32", Integer.class, 4),
  UINT32("uint32", Long.class, 4),
  INT64("int64", Long.class, 8),
  UINT64("uint64", Long.class, 8),
  FLOAT32("float32", Float.class, 4),
  FLOAT64("float64", Double.class, 8),
  STRING("string", String.class, -1),
  TIME("time", RosTime.class, 8),
  DURATION("duration", RosDuration.class, 8);

  private final String rosName;
  private final Class<?> javaClass;
  private final int wireSize;

  Primitive(String rosName, Class<?> javaClass, int wireSize) {
    this.rosName = rosName;
    this.javaClass = javaClass;
    this.wireSize = wireSize;
  }

  /** The name used in .msg files, e.g. {@code float64}. */
  public String rosName() {
    return rosName;
  }

  /** The class of the values a message holds for this type. */
  public Class<?> javaClass() {
    return javaClass;
  }

  /** Bytes on the ROS1 wire, or -1 for variable-length strings. */
  public int wireSize() {
    return wireSize;
  }

  /** The type that behaves the same: {@code byte} is {@code int8}, {@code char} is {@code uint8}. */
  public Primitive canonical() {
    return switch (this) {
      case BYTE -> INT8;
      case CHAR -> UINT8;
      default -> this;
    };
  }

  /** True for the 8-bit types whose arrays are held as raw bytes. */
  public boolean isByteSized() {
    Primitive c = canonical();
    return c == INT8 || c == UINT8;
  }

  /** Looks a builtin up by its .msg name; null when the name is not a builtin. */
  public static Primitive fromRosName(String name) {
    for (Primitive p : values()) {
      if (p.rosName.equals(name)) {
        return p;
      }
    }
    return null;
  }
}
