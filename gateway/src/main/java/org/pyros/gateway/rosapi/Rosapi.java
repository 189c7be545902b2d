package org.pyros.gateway.rosapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.MessageJson;

/**
 * The {@code /rosapi/...} services that rosbridge clients call (roslibjs's {@code getTopics},
 * {@code Param}, {@code getMessageDetails}…), answered from the Pyros node: only what the node
 * exposes is listed or reached. The answers have the fields of rosapi's ROS 1 services.
 */
public final class Rosapi {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/rosapi/";

  private final PyrosClient pyros;
  private final String nodeName;
  private final Map<String, Function<JsonNode, CompletionStage<JsonNode>>> services;

  public Rosapi(PyrosClient pyros, String nodeName) {
    this.pyros = pyros;
    this.nodeName = nodeName;
    this.services = Map.ofEntries(
        Map.entry("topics", a -> topics()),
        Map.entry("topic_type", a -> topicType(arg(a, "topic"))),
        Map.entry("topics_for_type", a -> topicsForType(arg(a, "type"))),
        Map.entry("topics_and_raw_types", a -> topicsAndRawTypes()),
        Map.entry("services", a -> services()),
        Map.entry("service_type", a -> serviceType(arg(a, "service"))),
        Map.entry("services_for_type", a -> servicesForType(arg(a, "type"))),
        Map.entry("service_request_details", a -> serviceDetails(arg(a, "type"), true)),
        Map.entry("service_response_details", a -> serviceDetails(arg(a, "type"), false)),
        Map.entry("message_details", a -> messageDetails(arg(a, "type"))),
        Map.entry("nodes", a -> nodes()),
        Map.entry("get_param_names", a -> pyros.params().thenApply(names -> object().set("names", strings(names)))),
        Map.entry("get_param", this::getParam),
        Map.entry("set_param", this::setParam),
        Map.entry("delete_param", a -> pyros.deleteParam(absolute(arg(a, "name"))).thenApply(d -> object())),
        Map.entry("has_param", a -> pyros.param(absolute(arg(a, "name")))
            .thenApply(v -> object().put("exists", v.isPresent()))),
        Map.entry("get_time", a -> {
          Instant now = Instant.now();
          ObjectNode time = object().put("secs", now.getEpochSecond()).put("nsecs", now.getNano());
          return done(object().set("time", time));
        }));
  }

  /** True when {@code service} is one of the rosapi services answered here. */
  public boolean handles(String service) {
    return service.startsWith(PREFIX) && services.containsKey(service.substring(PREFIX.length()));
  }

  /** The response of rosapi service {@code service} to {@code args}, as rosbridge's values. */
  public CompletionStage<JsonNode> call(String service, JsonNode args) {
    try {
      return services.get(service.substring(PREFIX.length())).apply(args == null ? object() : args);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<JsonNode> topics() {
    return pyros.topics().thenApply(list -> {
      ObjectNode o = object();
      o.set("topics", strings(list.stream().map(TopicInfo::name).toList()));
      o.set("types", strings(list.stream().map(TopicInfo::type).toList()));
      return o;
    });
  }

  private CompletionStage<JsonNode> topicType(String topic) {
    String name = absolute(topic);
    return pyros.topics().thenApply(list -> object().put("type",
        list.stream().filter(t -> t.name().equals(name)).map(TopicInfo::type).findFirst().orElse("")));
  }

  private CompletionStage<JsonNode> topicsForType(String type) {
    return pyros.topics().thenApply(list -> object().set("topics",
        strings(list.stream().filter(t -> t.type().equals(type)).map(TopicInfo::name).toList())));
  }

  private CompletionStage<JsonNode> topicsAndRawTypes() {
    return pyros.topics().thenCompose(list -> {
      List<CompletableFuture<String>> texts = new ArrayList<>();
      for (TopicInfo t : list) {
        texts.add(pyros.messageType(t.type()).thenApply(TypeDefs::fullText).exceptionally(e -> "").toCompletableFuture());
      }
      return CompletableFuture.allOf(texts.toArray(CompletableFuture[]::new)).thenApply(v -> {
        ObjectNode o = object();
        o.set("topics", strings(list.stream().map(TopicInfo::name).toList()));
        o.set("types", strings(list.stream().map(TopicInfo::type).toList()));
        o.set("typedefs_full_text", strings(texts.stream().map(CompletableFuture::join).toList()));
        return o;
      });
    });
  }

  private CompletionStage<JsonNode> services() {
    return pyros.services().thenApply(list -> object().set("services", strings(list.stream().map(ServiceInfo::name).toList())));
  }

  private CompletionStage<JsonNode> serviceType(String service) {
    String name = absolute(service);
    return pyros.services().thenCompose(list -> {
      String known = list.stream().filter(s -> s.name().equals(name)).map(ServiceInfo::type).findFirst().orElse(null);
      if (known == null) {
        return done(object().put("type", ""));
      }
      if (!known.isEmpty()) {
        return done(object().put("type", known));
      }
      return pyros.serviceType(name).thenApply(t -> (JsonNode) object().put("type", t.name()));
    });
  }

  private CompletionStage<JsonNode> servicesForType(String type) {
    return pyros.services().thenApply(list -> object().set("services",
        strings(list.stream().filter(s -> s.type().equals(type)).map(ServiceInfo::name).toList())));
  }

  /** A service type is known to the node only by a service of that type: the first one in the graph. */
  private CompletionStage<JsonNode> serviceDetails(String type, boolean request) {
    return pyros.services().thenCompose(list -> {
      Optional<ServiceInfo> any = list.stream().filter(s -> s.type().equals(type)).findFirst();
      if (any.isEmpty()) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("no service of type " + type + " is in the graph"));
      }
      return pyros.serviceType(any.get().name()).thenApply(t ->
          (JsonNode) object().set("typedefs", TypeDefs.typedefs(request ? t.request() : t.response())));
    });
  }

  private CompletionStage<JsonNode> messageDetails(String type) {
    return pyros.messageType(type).thenApply(t -> object().set("typedefs", TypeDefs.typedefs(t)));
  }

  /** The value as JSON text; a param not set gives {@code default} (itself JSON text), else null. */
  private CompletionStage<JsonNode> getParam(JsonNode args) {
    String name = absolute(arg(args, "name"));
    String fallback = args.path("default").asText(args.path("default_value").asText(""));
    return pyros.param(name).thenApply(v -> {
      String value = v.map(x -> MessageJson.fromPlain(x).toString()).orElse(fallback.isEmpty() ? "null" : fallback);
      return object().put("value", value);
    });
  }

  private CompletionStage<JsonNode> setParam(JsonNode args) {
    String name = absolute(arg(args, "name"));
    String text = arg(args, "value");
    Object value;
    try {
      value = MessageJson.toPlain(JSON.readTree(text));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // rosapi takes a value that is not JSON as a string.
      value = text;
    }
    return pyros.setParam(name, value).thenApply(d -> object());
  }

  /** The gateway's own node, and every node of the graph that uses an exposed name. */
  private CompletionStage<JsonNode> nodes() {
    return pyros.nodes().thenApply(nodes -> {
      java.util.TreeSet<String> names = new java.util.TreeSet<>(List.of(nodeName));
      nodes.forEach(n -> names.add(n.name()));
      return object().set("nodes", strings(List.copyOf(names)));
    });
  }

  private static String arg(JsonNode args, String member) {
    JsonNode v = args.get(member);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("needs a string argument \"" + member + "\"");
    }
    return v.textValue();
  }

  private static String absolute(String name) {
    return name.startsWith("/") ? name : "/" + name;
  }

  private static ObjectNode object() {
    return NODES.objectNode();
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static CompletionStage<JsonNode> done(JsonNode value) {
    return CompletableFuture.completedFuture(value);
  }
}
