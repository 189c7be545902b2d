package org.pyros.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void onlyTransientCodesAreRetryable() {
    Set<ErrorCode> retryable = EnumSet.noneOf(ErrorCode.class);
    for (ErrorCode code : ErrorCode.values()) {
      if (code.isRetryable()) {
        retryable.add(code);
      }
    }
    assertEquals(EnumSet.of(ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT, ErrorCode.OVERLOADED), retryable);
  }

  @Test
  void anAskThatTimedOutIsRetryable() {
    PyrosException e = PyrosException.of(
        new java.util.concurrent.CompletionException(new java.util.concurrent.TimeoutException("no answer")),
        ErrorCode.SYSTEM_FAILURE);
    assertEquals(ErrorCode.TIMEOUT, e.code());
    assertEquals(true, e.code().isRetryable());
  }
}
