package org.pyros.ros2.cdr;

import org.pyros.core.msg.MessageFormatException;

/**
 * CDR bytes that cannot be read (truncated, a bad bool, a bad string, a count larger than the
 * bytes left). {@link CdrCodec} reports it as a {@link MessageFormatException} naming the field;
 * thrown without a stack trace, since refusing bad input is a normal outcome.
 */
public final class CdrFormatException extends MessageFormatException {
  private final String problem;

  public CdrFormatException(String problem) {
    super("", problem);
    this.problem = problem;
  }

  /** What is wrong, without a field path. */
  public String problem() {
    return problem;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
