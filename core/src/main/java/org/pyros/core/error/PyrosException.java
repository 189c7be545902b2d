package org.pyros.core.error;

/** A failed Pyros request, with a code callers can branch on and a message for people. */
public class PyrosException extends RuntimeException {
  private final ErrorCode code;

  public PyrosException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public PyrosException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  @Override
  public String toString() {
    return "PyrosException[" + code + "]: " + getMessage();
  }

  /** Maps any failure to a PyrosException, keeping one that already is. */
  public static PyrosException of(Throwable t, ErrorCode fallback) {
    Throwable cause = t;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof PyrosException p) {
      return p;
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return new PyrosException(ErrorCode.TIMEOUT, String.valueOf(cause.getMessage()), cause);
    }
    if (cause instanceof org.pyros.core.msg.MessageFormatException) {
      return new PyrosException(ErrorCode.BAD_MESSAGE, cause.getMessage(), cause);
    }
    String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new PyrosException(fallback, text, cause);
  }
}
