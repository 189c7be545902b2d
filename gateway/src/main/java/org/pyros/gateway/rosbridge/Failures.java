package org.pyros.gateway.rosbridge;

import java.util.concurrent.CompletionException;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.MessageFormatException;

/** A failed request in the words of a status message: the Pyros error code first. */
public final class Failures {
  private Failures() {}

  public static String reason(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof PyrosException p) {
      return p.code() + ": " + p.getMessage();
    }
    if (t instanceof MessageFormatException) {
      return ErrorCode.BAD_MESSAGE + ": " + t.getMessage();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  public static boolean isCode(Throwable failure, ErrorCode code) {
    return unwrap(failure) instanceof PyrosException p && p.code() == code;
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
