package org.pyros.ros.tcpros;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/** A TCPROS failure: a broken or refused connection header, a bad frame, a lost peer. */
public class TcprosException extends PyrosException {
  public TcprosException(ErrorCode code, String message) {
    super(code, message);
  }

  public TcprosException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
