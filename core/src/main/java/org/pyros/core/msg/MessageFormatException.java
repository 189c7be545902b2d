package org.pyros.core.msg;

/** A value does not fit a message type; the message names the field path at fault. */
public class MessageFormatException extends IllegalArgumentException {
  private final String fieldPath;

  public MessageFormatException(String fieldPath, String problem) {
    super("field '" + fieldPath + "': " + problem);
    this.fieldPath = fieldPath;
  }

  /** The dotted path of the offending field, e.g. {@code pose.position.x} or {@code data[3]}. */
  public String fieldPath() {
    return fieldPath;
  }

  /** The same problem seen from an enclosing field. */
  MessageFormatException under(String parent) {
    String path = fieldPath.startsWith("[") ? parent + fieldPath : parent + "." + fieldPath;
    String problem = getMessage().substring(getMessage().indexOf("': ") + 3);
    return new MessageFormatException(path, problem);
  }
}
