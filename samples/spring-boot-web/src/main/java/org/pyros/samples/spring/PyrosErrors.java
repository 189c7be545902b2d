package org.pyros.samples.spring;

import java.util.concurrent.CompletionException;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.MessageJson;
import org.pyros.gateway.http.HttpStatusOf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A failed Pyros request as an HTTP answer: the status of its error code (as the gateway's HTTP
 * API answers it: NOT_FOUND 404, TIMEOUT 504, SERVICE_FAILED 502...) and {@code {"code",
 * "message"}}.
 */
@RestControllerAdvice
public class PyrosErrors {
  private static final Logger log = LoggerFactory.getLogger(PyrosErrors.class);

  @ExceptionHandler({PyrosException.class, CompletionException.class})
  public ResponseEntity<String> failed(Exception e) {
    PyrosException p = PyrosException.of(e, ErrorCode.SYSTEM_FAILURE);
    log.info("Robot request failed: {} {}", p.code(), p.getMessage());
    return ResponseEntity.status(HttpStatusOf.code(p.code())).contentType(MediaType.APPLICATION_JSON)
        .body(body(p.code().name(), p.getMessage()));
  }

  static String body(String code, String message) {
    return MessageJson.fromPlain(java.util.Map.of("code", code, "message", String.valueOf(message))).toString();
  }
}
