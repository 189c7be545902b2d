package org.pyros.ros2.msg;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/** A ROS 2 {@code .msg} or {@code .srv} text that cannot be parsed; names the type and the line. */
public class InterfaceTextException extends PyrosException {
  private final String typeName;
  private final int line;

  public InterfaceTextException(String typeName, int line, String lineText, String problem) {
    super(ErrorCode.UNKNOWN_TYPE, typeName + " line " + line + " '" + lineText.strip() + "': " + problem);
    this.typeName = typeName;
    this.line = line;
  }

  /** The type whose text is at fault. */
  public String typeName() {
    return typeName;
  }

  /** The 1-based line number in that text. */
  public int line() {
    return line;
  }
}
