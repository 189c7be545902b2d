package org.pyros.core.msg;

/** The type of one field of a message: a builtin, a nested message, or an array of either. */
public sealed interface FieldType {

  /** The type as written in a .msg file, e.g. {@code float64[9]} or {@code std_msgs/Header}. */
  String rosName();

  /** A builtin such as {@code int32} or {@code string}. */
  record Builtin(Primitive primitive) implements FieldType {
    @Override
    public String rosName() {
      return primitive.rosName();
    }
  }

  /** A nested message type. */
  record Nested(MessageType type) implements FieldType {
    @Override
    public String rosName() {
      return type.name();
    }
  }

  /**
   * An array of {@code element}: variable length when {@code fixedLength} is -1, else exactly
   * that many elements. Arrays of 8-bit builtins are held as raw bytes.
   */
  record Array(FieldType element, int fixedLength) implements FieldType {
    public Array {
      if (element instanceof Array) {
        throw new IllegalArgumentException("arrays of arrays are not ROS types");
      }
      if (fixedLength < -1) {
        throw new IllegalArgumentException("bad array length " + fixedLength);
      }
    }

    /** True when the length is part of the type. */
    public boolean isFixed() {
      return fixedLength >= 0;
    }

    /** True when values are held as {@link org.apache.pekko.util.ByteString}. */
    public boolean isBytes() {
      return element instanceof Builtin b && b.primitive().isByteSized();
    }

    @Override
    public String rosName() {
      return element.rosName() + "[" + (isFixed() ? Integer.toString(fixedLength) : "") + "]";
    }
  }

  static FieldType of(Primitive p) {
    return new Builtin(p);
  }

  static FieldType arrayOf(FieldType element) {
    return new Array(element, -1);
  }

  static FieldType arrayOf(FieldType element, int fixedLength) {
    return new Array(element, fixedLength);
  }
}
