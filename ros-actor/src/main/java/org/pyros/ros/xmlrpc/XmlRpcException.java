package org.pyros.ros.xmlrpc;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/** An XML-RPC exchange failed: no connection, no answer in time, an HTTP error or bad XML. */
public class XmlRpcException extends PyrosException {
  public XmlRpcException(ErrorCode code, String message) {
    super(code, message);
  }

  public XmlRpcException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
