package org.pyros.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.MessageJson;
import org.pyros.gateway.ConnectionMeters;
import org.pyros.gateway.GatewaySettings;

/**
 * The HTTP face of the node under {@code /api}. Names in paths are ROS names without their
 * leading slash ({@code /api/topics/robot/pose/latest} is {@code /robot/pose}); see
 * {@code /api/openapi.json} for the routes. Failures are JSON ({@link ApiError}).
 */
public final class HttpApi extends AllDirectives {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SSE_KEEP_ALIVE = Duration.ofSeconds(15);

  private final PyrosClient pyros;
  private final GatewaySettings settings;
  private final Materializer materializer;
  private final String openApi;
  private final ConnectionMeters connections;

  /** The API; its event streams are counted in {@code connections}. */
  public HttpApi(ActorSystem<?> system, PyrosClient pyros, GatewaySettings settings, ConnectionMeters connections) {
    this(pyros, settings, Materializer.matFromSystem(system), resource("/org/pyros/gateway/http/openapi.json"), connections);
  }

  private HttpApi(PyrosClient pyros, GatewaySettings settings, Materializer materializer, String openApi,
      ConnectionMeters connections) {
    this.connections = connections;
    this.pyros = pyros;
    this.settings = settings;
    this.materializer = materializer;
    this.openApi = openApi;
  }

  /** The same API answering through {@code client} (a client narrowed to a token's grant). */
  public HttpApi through(PyrosClient client) {
    return new HttpApi(client, settings, materializer, openApi, connections);
  }

  private static String resource(String name) {
    try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the gateway jar lacks " + name, e);
    }
  }

  /** The routes under {@code /api}. */
  public Route route() {
    return pathPrefix("api", this::routeBelowPrefix);
  }

  /** The routes, for a caller that has matched {@code /api} already. */
  public Route routeBelowPrefix() {
    return extractRequest(request -> extractUnmatchedPath(rest -> {
      String path = rest.startsWith("/") ? rest.substring(1) : rest;
      return completeWithFuture(answer(request, path).exceptionally(failure -> ApiError.of(failure).response()));
    }));
  }

  private CompletionStage<HttpResponse> answer(HttpRequest request, String path) {
    HttpMethod method = request.method();
    int slash = path.indexOf('/');
    String collection = slash < 0 ? path : path.substring(0, slash);
    String name = slash < 0 ? "" : path.substring(slash);
    return switch (collection) {
      case "openapi.json" -> only(method, HttpMethods.GET, () -> done(HttpResponse.create()
          .withEntity(ContentTypes.APPLICATION_JSON, openApi)));
      case "topics" -> topics(request, method, name);
      case "services" -> services(request, method, name);
      case "params" -> params(request, method, name);
      default -> failed(new ApiError(404, "NO_ROUTE", "no route /api/" + path));
    };
  }

  private CompletionStage<HttpResponse> topics(HttpRequest request, HttpMethod method, String name) {
    if (name.isEmpty() || name.equals("/")) {
      return only(method, HttpMethods.GET, () -> pyros.topics().thenApply(list -> json(topicList(list))));
    }
    if (name.endsWith("/latest")) {
      String topic = name.substring(0, name.length() - "/latest".length());
      return only(method, HttpMethods.GET, () -> pyros.latest(topic).thenApply(m -> m
          .map(message -> json(MessageJson.toJson(message)))
          .orElseGet(() -> new ApiError(404, "NO_MESSAGE", "no message seen on " + topic + " yet").response())));
    }
    if (name.endsWith("/stream")) {
      String topic = name.substring(0, name.length() - "/stream".length());
      return only(method, HttpMethods.GET, () -> stream(topic));
    }
    if (method.equals(HttpMethods.GET)) {
      return pyros.topicType(name).thenApply(t -> json(NODES.objectNode().put("name", name).put("type", t.name())));
    }
    return only(method, HttpMethods.POST, () -> body(request)
        .thenCompose(body -> pyros.publishJson(name, body))
        .thenApply(done -> HttpResponse.create().withStatus(202)
            .withEntity(ContentTypes.APPLICATION_JSON, NODES.objectNode().put("published", name).toString())));
  }

  /** Server-sent events, one {@code message} event per message; refusals are answered before the stream starts. */
  private CompletionStage<HttpResponse> stream(String topic) {
    return pyros.topicType(topic).thenApply(type -> HttpResponse.create().withEntity(HttpEntities.createChunked(
        MediaTypes.TEXT_EVENT_STREAM.toContentType(),
        connections.counted(ConnectionMeters.SSE, pyros.source(topic, settings.queueLength())
            .map(m -> ByteString.fromString("event: message\ndata: " + MessageJson.toJsonString(m) + "\n\n"))
            .keepAlive(SSE_KEEP_ALIVE, () -> ByteString.fromString(": keep-alive\n\n"))))));
  }

  private CompletionStage<HttpResponse> services(HttpRequest request, HttpMethod method, String name) {
    if (name.isEmpty() || name.equals("/")) {
      return only(method, HttpMethods.GET, () -> pyros.services().thenApply(list -> json(serviceList(list))));
    }
    if (method.equals(HttpMethods.GET)) {
      return pyros.serviceType(name).thenApply(t -> json(NODES.objectNode().put("name", name).put("type", t.name())));
    }
    return only(method, HttpMethods.POST, () -> {
      Duration timeout = timeout(request);
      return body(request)
          .thenCompose(body -> pyros.serviceType(name)
              .thenCompose(t -> pyros.call(name, MessageJson.fromJson(t.request(), body.isBlank() ? "{}" : body), timeout)))
          .thenApply(response -> json(MessageJson.toJson(response)));
    });
  }

  private static Duration timeout(HttpRequest request) {
    var given = request.getUri().query().get("timeout");
    if (given.isEmpty()) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(given.get());
      if (!(seconds > 0)) {
        throw new NumberFormatException();
      }
      return Duration.ofNanos((long) (seconds * 1e9));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("timeout must be a positive number of seconds, got " + given.get());
    }
  }

  private CompletionStage<HttpResponse> params(HttpRequest request, HttpMethod method, String name) {
    if (name.isEmpty() || name.equals("/")) {
      return only(method, HttpMethods.GET, () -> pyros.params().thenApply(list -> json(strings(list))));
    }
    if (method.equals(HttpMethods.GET)) {
      return pyros.param(name).thenApply(v -> v
          .map(value -> json(MessageJson.fromPlain(value)))
          .orElseGet(() -> new ApiError(404, "NOT_FOUND", "param " + name + " is not set").response()));
    }
    if (method.equals(HttpMethods.PUT)) {
      return body(request)
          .thenCompose(body -> pyros.setParam(name, MessageJson.toPlain(parse(body))))
          .thenApply(done -> HttpResponse.create().withStatus(204));
    }
    return only(method, HttpMethods.DELETE, () -> pyros.deleteParam(name).thenApply(done -> HttpResponse.create().withStatus(204)));
  }

  /** A request body over the limit. */
  static final class BodyTooLarge extends RuntimeException {
    BodyTooLarge(long size, long limit) {
      super("a body of " + size + " bytes is longer than the limit of " + limit);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not valid JSON: " + e.getMessage());
    }
  }

  private CompletionStage<String> body(HttpRequest request) {
    var length = request.entity().getContentLengthOption();
    if (length.isPresent() && length.getAsLong() > settings.maxFrameBytes()) {
      return CompletableFuture.failedFuture(new BodyTooLarge(length.getAsLong(), settings.maxFrameBytes()));
    }
    return request.entity().toStrict(BODY_TIMEOUT.toMillis(), settings.maxFrameBytes(), materializer)
        .thenApply(strict -> strict.getData().utf8String());
  }

  private static CompletionStage<HttpResponse> only(HttpMethod method, HttpMethod allowed,
      java.util.function.Supplier<CompletionStage<HttpResponse>> answer) {
    if (!method.equals(allowed)) {
      return failed(new ApiError(405, "METHOD_NOT_ALLOWED", method.name() + " is not allowed here; " + allowed.name() + " is"));
    }
    try {
      return answer.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static CompletionStage<HttpResponse> failed(ApiError error) {
    return done(error.response());
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  private static HttpResponse json(JsonNode body) {
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }

  private static ArrayNode topicList(List<TopicInfo> list) {
    ArrayNode a = NODES.arrayNode();
    list.forEach(t -> a.addObject().put("name", t.name()).put("type", t.type()));
    return a;
  }

  private static ArrayNode serviceList(List<ServiceInfo> list) {
    ArrayNode a = NODES.arrayNode();
    list.forEach(s -> a.addObject().put("name", s.name()).put("type", s.type()));
    return a;
  }

  private static ArrayNode strings(List<String> list) {
    ArrayNode a = NODES.arrayNode();
    list.forEach(a::add);
    return a;
  }
}
