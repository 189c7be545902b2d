package org.pyros.ros.xmlrpc;

import org.pyros.core.error.ErrorCode;

/**
 * An XML-RPC fault: the peer answered the call with {@code <fault>}. Handlers of an
 * {@link XmlRpcServer} may also throw (or complete with) it to choose the fault code sent.
 */
public class XmlRpcFaultException extends XmlRpcException {
  /** Fault codes of the "specification for fault code interoperability" that we send. */
  public static final int PARSE_ERROR = -32700;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int APPLICATION_ERROR = -32500;

  private final int faultCode;
  private final String faultString;

  public XmlRpcFaultException(int faultCode, String faultString) {
    super(ErrorCode.SYSTEM_FAILURE, "XML-RPC fault " + faultCode + ": " + faultString);
    this.faultCode = faultCode;
    this.faultString = faultString;
  }

  public int faultCode() {
    return faultCode;
  }

  public String faultString() {
    return faultString;
  }
}
