package org.pyros.gateway.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.MessageFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An error answer of the HTTP API: {@code {"error": CODE, "message": text}}, CODE a Pyros
 * {@link ErrorCode} or one of the API's own (NO_ROUTE, METHOD_NOT_ALLOWED, BAD_REQUEST,
 * TOO_LARGE, NO_MESSAGE).
 */
record ApiError(int status, String code, String message) {
  private static final Logger log = LoggerFactory.getLogger(ApiError.class);

  /** The answer to a failed Pyros request. */
  static ApiError of(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof PyrosException p) {
      return new ApiError(HttpStatusOf.code(p.code()), p.code().name(), p.getMessage());
    }
    if (t instanceof MessageFormatException) {
      return new ApiError(400, ErrorCode.BAD_MESSAGE.name(), t.getMessage());
    }
    if (t instanceof IllegalArgumentException) {
      return new ApiError(400, "BAD_REQUEST", t.getMessage());
    }
    if (t instanceof HttpApi.BodyTooLarge || t instanceof org.apache.pekko.http.scaladsl.model.EntityStreamSizeException) {
      return new ApiError(413, "TOO_LARGE", t.getMessage());
    }
    log.warn("HTTP API request failed unexpectedly", t);
    return new ApiError(500, ErrorCode.SYSTEM_FAILURE.name(), String.valueOf(t.getMessage()));
  }

  HttpResponse response() {
    if (status >= 500 || status == 403) {
      log.info("HTTP API answered {} {}: {}", status, code, message);
    }
    String body = JsonNodeFactory.instance.objectNode().put("error", code).put("message", message).toString();
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }
}
