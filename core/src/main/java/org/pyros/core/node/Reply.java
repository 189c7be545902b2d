package org.pyros.core.node;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/**
 * The answer to a request to the node: {@link Ok} with a value, or {@link Failed} with an
 * {@link ErrorCode} and a message for people. Every request gets exactly one reply.
 */
public sealed interface Reply<T> {

  /** Success with a value ({@code Done} where there is nothing to return). */
  record Ok<T>(T value) implements Reply<T> {}

  /** Failure; {@code message} says what went wrong and with which name. */
  record Failed<T>(ErrorCode code, String message) implements Reply<T> {}

  static <T> Reply<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Reply<T> failed(ErrorCode code, String message) {
    return new Failed<>(code, message);
  }

  static <T> Reply<T> failed(PyrosException e) {
    return new Failed<>(e.code(), e.getMessage());
  }

  /** The value, or a {@link PyrosException} for a failure. */
  default T getOrThrow() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    Failed<T> f = (Failed<T>) this;
    throw new PyrosException(f.code(), f.message());
  }
}
