package org.pyros.ros.msg;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/** A .msg, .srv or message_definition text that cannot be parsed; names the type and the line. */
public class MessageTextException extends PyrosException {
  private final String typeName;
  private final int line;

  public MessageTextException(String typeName, int line, String lineText, String problem) {
    this(typeName, line, lineText, problem, null);
  }

  public MessageTextException(String typeName, int line, String lineText, String problem, Throwable cause) {
    super(ErrorCode.UNKNOWN_TYPE, typeName + " line " + line + " '" + lineText.strip() + "': " + problem, cause);
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
