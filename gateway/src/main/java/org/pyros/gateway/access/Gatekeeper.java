package org.pyros.gateway.access;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's access checks as routes: the browser origin of upgrades and state-changing
 * requests (403 when not allowed), and the grant of a request's bearer token (401 when the token
 * is wrong, or missing where clients without a token are refused).
 */
public final class Gatekeeper extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(Gatekeeper.class);
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");

  private final Access access;
  private final OriginPolicy origins;

  public Gatekeeper(Access access, OriginPolicy origins) {
    this.access = access;
    this.origins = origins;
  }

  public Access access() {
    return access;
  }

  /** {@code inner}, unless the request is a browser's upgrade or state-changing request from an origin not allowed. */
  public Route checkingOrigin(Supplier<Route> inner) {
    return extractRequest(request -> {
      Optional<String> origin = request.getHeader("Origin").map(h -> h.value());
      boolean checked = STATE_CHANGING.contains(request.method().name())
          || request.getHeader("Upgrade").map(h -> h.value().equalsIgnoreCase("websocket")).orElse(false);
      String host = request.getHeader("Host").map(h -> h.value()).orElse(null);
      if (!origins.allowsHost(host)) {
        log.info("gateway: refused {} {} addressed to host {} (a loopback gateway answers loopback names only)",
            request.method().name(), request.getUri().path(), host);
        return complete(error(403, "HOST_NOT_ALLOWED", "this gateway listens on loopback and answers requests to "
            + "localhost or 127.0.0.1 only, not to " + host));
      }
      if (origin.isPresent() && checked && !origins.allows(origin.get(), host)) {
        log.info("gateway: refused {} {} from origin {} (not in pyros.gateway.allowed-origins)",
            request.method().name(), request.getUri().path(), origin.get());
        return complete(error(403, "ORIGIN_NOT_ALLOWED", "the origin " + origin.get() + " may not use this gateway"));
      }
      return inner.get();
    });
  }

  /** HTTP: {@code inner} with the request's grant; 401 for a wrong token or none where one is needed. */
  public Route granted(Function<Grant, Route> inner) {
    return extractRequest(request -> grant(request, false).map(inner).orElseGet(() -> refuse(request)));
  }

  /**
   * WebSocket: {@code inner} with the upgrade's grant; 401 for a wrong token. Without a token the
   * connection opens with the anonymous grant (nothing when there is none): a rosbridge client may
   * still send its token in an {@code auth} op.
   */
  public Route grantedSocket(Function<Grant, Route> inner) {
    return extractRequest(request -> grant(request, true).map(inner).orElseGet(() -> refuse(request)));
  }

  private Optional<Grant> grant(HttpRequest request, boolean socket) {
    Optional<String> token = Credentials.token(request);
    if (token.isPresent()) {
      return access.byToken(token.get());
    }
    Optional<Grant> anonymous = access.anonymous();
    return socket && anonymous.isEmpty() ? Optional.of(Grant.nothing(Grant.WITHOUT_TOKEN)) : anonymous;
  }

  private Route refuse(HttpRequest request) {
    boolean presented = Credentials.token(request).isPresent();
    log.info("gateway: refused {} {}: {}", request.method().name(), request.getUri().path(),
        presented ? "a token that is not configured" : "no token");
    return complete(error(401, "UNAUTHORIZED", presented ? "the token is not valid"
        : "a token is needed (Authorization: Bearer TOKEN, or ?token=TOKEN)")
        .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"pyros\"")));
  }

  private static HttpResponse error(int status, String code, String message) {
    String body = JsonNodeFactory.instance.objectNode().put("error", code).put("message", message).toString();
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }
}
