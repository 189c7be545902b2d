package org.pyros.ros.tcpros;

import org.pyros.core.error.ErrorCode;

/** A connection header that cannot be decoded (truncated, oversized, a field without '='). */
public final class ConnectionHeaderException extends TcprosException {
  public ConnectionHeaderException(String message) {
    super(ErrorCode.SYSTEM_FAILURE, message);
  }
}
