package org.pyros.ros2.cdr;

/** One compiled element: how a value of one ROS 2 type is written and read. */
interface ElementCodec {
  void write(CdrWriter w, Object value);

  Object read(CdrReader r);

  /** The fewest bytes a value takes, for count checks. */
  long minSize();
}
