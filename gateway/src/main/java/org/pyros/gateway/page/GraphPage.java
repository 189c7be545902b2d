package org.pyros.gateway.page;

import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The live graph page: {@code index.html} for a plain GET of {@code /} and its script and style
 * under {@code /page/}, resources of this jar. The page talks rosbridge over the gateway's own
 * WebSocket, so it needs nothing else from the server.
 */
public final class GraphPage extends AllDirectives {
  private static final String RESOURCES = "org/pyros/gateway/page";
  // The page runs only its own script and connects only back to the gateway it came from.
  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Content-Security-Policy",
          "default-src 'self'; connect-src 'self'; img-src 'self' blob: data:; object-src 'none'; frame-ancestors 'none'"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Cache-Control", "no-cache"));

  /** The page itself, for {@code GET /} that is not a WebSocket upgrade. */
  public Route index() {
    return get(() -> respondWithHeaders(HEADERS, () -> getFromResource(RESOURCES + "/index.html")));
  }

  /** {@code GET /page/page.js}, {@code /page/page.css}. */
  public Route assets() {
    return pathPrefix("page", () -> get(() -> respondWithHeaders(HEADERS, () -> getFromResourceDirectory(RESOURCES))));
  }
}
