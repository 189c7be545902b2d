package org.pyros.gateway.http;

import org.pyros.core.error.ErrorCode;

/** The HTTP status that answers a failed Pyros request. */
public final class HttpStatusOf {
  private HttpStatusOf() {}

  public static int code(ErrorCode code) {
    return switch (code) {
      case NOT_EXPOSED -> 403;
      case NOT_FOUND -> 404;
      case BAD_MESSAGE -> 400;
      case TIMEOUT -> 504;
      // The node refused at once to stay responsive: the service is unavailable now, retry later.
      case UNAVAILABLE, OVERLOADED -> 503;
      // The robot side failed or cannot handle the request: a bad gateway.
      case UNKNOWN_TYPE, SERVICE_FAILED, SYSTEM_FAILURE -> 502;
    };
  }
}
