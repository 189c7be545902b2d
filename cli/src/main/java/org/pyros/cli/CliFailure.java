package org.pyros.cli;

/** A command failed for a reason already worded for the user (exit code 1, one line on stderr). */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliFailure(String message) {
    super(message);
  }

  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
