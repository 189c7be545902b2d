package org.pyros.ros.xmlrpc;

import org.pyros.core.error.ErrorCode;

/**
 * XML that is not an acceptable XML-RPC document: malformed, too large, too deep, or using
 * refused features (DTDs, entities). Also thrown for Java values XML-RPC cannot carry.
 */
public class XmlRpcFormatException extends XmlRpcException {
  public XmlRpcFormatException(String message) {
    super(ErrorCode.SYSTEM_FAILURE, message);
  }

  public XmlRpcFormatException(String message, Throwable cause) {
    super(ErrorCode.SYSTEM_FAILURE, message, cause);
  }
}
