package org.pyros.samples.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.MessageJson;
import org.pyros.gateway.http.HttpStatusOf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP face of a {@link PyrosClient}, on the JDK's HTTP server. Names in paths are ROS
 * names without the leading slash ({@code /topics/robot/pose/latest} is {@code /robot/pose}):
 *
 * <pre>
 * GET  /topics/{name}/latest   200 the latest message as JSON; 404 NO_MESSAGE when none seen yet
 * POST /topics/{name}          publishes the JSON body (in the topic's type); 202 {"published": name}
 * POST /services/{name}        calls the service with the JSON body; 200 the response as JSON
 * </pre>
 *
 * Failures answer {@code {"error": CODE, "message": text}} with NOT_EXPOSED 403, NOT_FOUND 404,
 * BAD_MESSAGE 400, TIMEOUT 504, UNAVAILABLE 503, other codes 502; an unknown path 404
 * NO_ROUTE, a wrong method 405, a body over {@link #MAX_BODY} bytes 413. Requests are answered
 * asynchronously when the client's stage completes; no thread waits on the node.
 */
public final class PyrosHttpApi implements AutoCloseable {
  /** Largest request body accepted. */
  public static final int MAX_BODY = 1 << 20;
  private static final Logger log = LoggerFactory.getLogger(PyrosHttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final PyrosClient pyros;

  private PyrosHttpApi(HttpServer server, ThreadPoolExecutor executor, PyrosClient pyros) {
    this.server = server;
    this.executor = executor;
    this.pyros = pyros;
  }

  /** Serves {@code pyros} on {@code host:port} (port 0 = any free port). */
  public static PyrosHttpApi start(PyrosClient pyros, String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    // Handlers only read the request and hand it to the client: a few threads, a bounded queue.
    ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), r -> {
      Thread t = new Thread(r, "pyros-http");
      t.setDaemon(true);
      return t;
    });
    PyrosHttpApi api = new PyrosHttpApi(server, executor, pyros);
    server.setExecutor(executor);
    server.createContext("/", api::handle);
    server.start();
    return api;
  }

  /** The base URI, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  private void handle(HttpExchange exchange) {
    try {
      route(exchange);
    } catch (RuntimeException e) {
      log.warn("Request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      error(exchange, 500, "INTERNAL", String.valueOf(e.getMessage()));
    }
  }

  private void route(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    if (path.startsWith("/topics/") && path.endsWith("/latest")) {
      String topic = name(path, "/topics/", "/latest");
      if (!method.equals("GET")) {
        error(exchange, 405, "METHOD_NOT_ALLOWED", "use GET for " + path);
        return;
      }
      answer(exchange, pyros.latest(topic).thenApply(latest -> latest
          .map(m -> new Answer(200, MessageJson.toJson(m).toString()))
          .orElseGet(() -> new Answer(404, errorBody("NO_MESSAGE", "no message seen on " + topic + " yet")))));
    } else if (path.startsWith("/topics/")) {
      String topic = name(path, "/topics/", "");
      if (!method.equals("POST")) {
        error(exchange, 405, "METHOD_NOT_ALLOWED", "use POST to publish, GET " + path + "/latest to read");
        return;
      }
      String body = body(exchange);
      if (body != null) {
        ObjectNode published = JSON.createObjectNode().put("published", topic);
        answer(exchange, pyros.publishJson(topic, body).thenApply(done -> new Answer(202, published.toString())));
      }
    } else if (path.startsWith("/services/")) {
      String service = name(path, "/services/", "");
      if (!method.equals("POST")) {
        error(exchange, 405, "METHOD_NOT_ALLOWED", "use POST to call " + service);
        return;
      }
      String body = body(exchange);
      if (body != null) {
        answer(exchange, pyros.callJson(service, body.isBlank() ? "{}" : body)
            .thenApply(response -> new Answer(200, MessageJson.toJson(response).toString())));
      }
    } else {
      error(exchange, 404, "NO_ROUTE", "no route " + method + " " + path);
    }
  }

  /** A status and a JSON body. */
  private record Answer(int status, String json) {}

  private void answer(HttpExchange exchange, CompletionStage<Answer> stage) {
    stage.whenComplete((answer, failure) -> {
      if (failure == null) {
        send(exchange, answer.status(), answer.json());
      } else {
        PyrosException p = PyrosException.of(failure, ErrorCode.SYSTEM_FAILURE);
        log.info("{} {}: {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), p.code(), p.getMessage());
        error(exchange, HttpStatusOf.code(p.code()), p.code().name(), p.getMessage());
      }
    });
  }

  /** The ROS name in a path: {@code /topics/robot/pose/latest} gives {@code /robot/pose}. */
  private static String name(String rawPath, String prefix, String suffix) {
    String rest = rawPath.substring(prefix.length(), rawPath.length() - suffix.length());
    return "/" + URLDecoder.decode(rest, StandardCharsets.UTF_8);
  }

  /** The request body as text, or null after answering 413 when it is too large. */
  private static String body(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        error(exchange, 413, "TOO_LARGE", "the body exceeds " + MAX_BODY + " bytes");
        return null;
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      error(exchange, 400, "BAD_REQUEST", "cannot read the body: " + e.getMessage());
      return null;
    }
  }

  private static String errorBody(String code, String message) {
    return JSON.createObjectNode().put("error", code).put("message", message).toString();
  }

  private static void error(HttpExchange exchange, int status, String code, String message) {
    send(exchange, status, errorBody(code, message));
  }

  private static void send(HttpExchange exchange, int status, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(status, bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      log.debug("Could not answer {} (client gone?): {}", exchange.getRequestURI(), e.getMessage());
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
