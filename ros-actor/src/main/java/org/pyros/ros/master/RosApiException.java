package org.pyros.ros.master;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/**
 * A ROS API call answered with a status code other than 1: 0 = failure (valid call, refused),
 * -1 = error (bad call, or nothing found).
 */
public class RosApiException extends PyrosException {
  private final String method;
  private final int statusCode;
  private final String statusMessage;

  public RosApiException(ErrorCode code, String method, int statusCode, String statusMessage) {
    super(code, method + " failed (" + statusCode + "): " + statusMessage);
    this.method = method;
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
  }

  public String method() {
    return method;
  }

  /** 0 failure or -1 error, as the peer sent it. */
  public int statusCode() {
    return statusCode;
  }

  public String statusMessage() {
    return statusMessage;
  }
}
