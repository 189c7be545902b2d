package org.pyros.ros.master;

import java.util.List;
import org.pyros.core.error.ErrorCode;
import org.pyros.ros.xmlrpc.XmlRpcFormatException;

/** Unwraps the {@code [code, statusMessage, value]} triple every ROS XML-RPC API returns. */
public final class RosResult {
  public static final int SUCCESS = 1;
  public static final int FAILURE = 0;
  public static final int ERROR = -1;

  private RosResult() {}

  /**
   * The value of a successful result.
   *
   * @param notFound error code for a refused call (e.g. NOT_FOUND for a lookup)
   * @throws RosApiException when the code is not 1
   * @throws XmlRpcFormatException when the result is not a ROS triple
   */
  public static Object value(String method, Object result, ErrorCode notFound) {
    if (!(result instanceof List<?> triple)
        || triple.size() != 3
        || !(triple.get(0) instanceof Integer code)) {
      throw new XmlRpcFormatException(
          "result of " + method + " is not [code, statusMessage, value]: " + clip(result));
    }
    if (code == SUCCESS) {
      return triple.get(2);
    }
    throw new RosApiException(notFound, method, code, String.valueOf(triple.get(1)));
  }

  private static String clip(Object o) {
    String s = String.valueOf(o);
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
