package org.pyros.ros.tcpros;

import org.pyros.core.error.ErrorCode;

/**
 * The peer answered our connection header with an {@code error} field, or with a type other
 * than the one we asked for: trying again would get the same answer.
 */
public final class RefusedConnectionException extends TcprosException {
  public RefusedConnectionException(ErrorCode code, String message) {
    super(code, message);
  }
}
