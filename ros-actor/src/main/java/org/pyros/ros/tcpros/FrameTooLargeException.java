package org.pyros.ros.tcpros;

import org.pyros.core.error.ErrorCode;

/** A peer announced a frame larger than this connection accepts; the connection is dropped. */
public final class FrameTooLargeException extends TcprosException {
  public FrameTooLargeException(long length, long limit) {
    super(ErrorCode.SYSTEM_FAILURE, "TCPROS frame of " + length + " bytes exceeds the limit of " + limit);
  }
}
