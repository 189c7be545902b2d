package org.pyros.ros.tcpros;

import org.pyros.core.error.ErrorCode;

/**
 * A service call that failed before any of its request was written: the server certainly never
 * saw it, so it may be sent again (elsewhere, say, once the master has been asked anew).
 */
public final class CallNotSentException extends TcprosException {
  public CallNotSentException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
