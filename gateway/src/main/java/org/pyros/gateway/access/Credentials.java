package org.pyros.gateway.access;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.OAuth2BearerToken;

/** The bearer token a request presents: {@code Authorization: Bearer} or, where a browser cannot set headers, {@code ?token=}. */
public final class Credentials {
  private Credentials() {}

  /** The presented token, or empty when the request presents none. */
  public static Optional<String> token(HttpRequest request) {
    Optional<String> header = request.getHeader(Authorization.class)
        .filter(a -> a.credentials() instanceof OAuth2BearerToken)
        .map(a -> ((OAuth2BearerToken) a.credentials()).token());
    return header.isPresent() ? header : request.getUri().query().get("token");
  }
}
