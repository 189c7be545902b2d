package org.pyros.gateway.foxglove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pyros.core.client.PyrosClient;
import org.pyros.gateway.foxglove.FoxgloveChannel.Level;
import org.pyros.gateway.rosbridge.Failures;

/** {@code getParameters} and {@code setParameters}, answered with {@code parameterValues}. */
final class ParamOps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PyrosClient pyros;
  private final FoxgloveChannel channel;

  ParamOps(PyrosClient pyros, FoxgloveChannel channel) {
    this.pyros = pyros;
    this.channel = channel;
  }

  /** Answers the values of the names asked for; no names asks for every param. */
  void get(JsonNode op) {
    String id = op.path("id").isTextual() ? op.get("id").textValue() : null;
    List<String> names = names(op);
    CompletionStage<List<String>> asked = names.isEmpty() ? pyros.params() : CompletableFuture.completedFuture(names);
    asked.thenCompose(this::values).whenComplete((params, failure) -> answer(id, params, failure, "getParameters"));
  }

  /** Sets each value; answers the new values when the client gave an id. */
  void set(JsonNode op) {
    String id = op.path("id").isTextual() ? op.get("id").textValue() : null;
    List<CompletableFuture<?>> sets = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode p : ClientOps.each(op, "parameters")) {
      String name = ClientOps.text(p, "name");
      JsonNode value = p.get("value");
      names.add(name);
      sets.add((value == null || value.isNull() ? pyros.deleteParam(name) : pyros.setParam(name, JSON.convertValue(value, Object.class)))
          .toCompletableFuture());
    }
    CompletableFuture.allOf(sets.toArray(CompletableFuture[]::new))
        .thenCompose(done -> values(names))
        .whenComplete((params, failure) -> {
          if (failure != null || id != null) {
            answer(id, params, failure, "setParameters");
          }
        });
  }

  private static List<String> names(JsonNode op) {
    JsonNode list = op.get("parameterNames");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("member \"parameterNames\" must be an array of names");
    }
    List<String> out = new ArrayList<>();
    list.forEach(n -> {
      if (!n.isTextual()) {
        throw new IllegalArgumentException("member \"parameterNames\" must be an array of names");
      }
      out.add(n.textValue());
    });
    return out;
  }

  private CompletableFuture<ArrayNode> values(List<String> names) {
    List<CompletableFuture<Optional<Object>>> reads = names.stream().map(n -> pyros.param(n).toCompletableFuture()).toList();
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
      ArrayNode out = JSON.createArrayNode();
      for (int i = 0; i < names.size(); i++) {
        Optional<Object> value = reads.get(i).join();
        if (value.isPresent()) {
          out.addObject().put("name", names.get(i)).set("value", JSON.valueToTree(value.get()));
        }
      }
      return out;
    });
  }

  private void answer(String id, ArrayNode params, Throwable failure, String what) {
    if (failure != null) {
      channel.status(Level.ERROR, what + ": " + Failures.reason(failure));
      return;
    }
    ObjectNode op = JSON.createObjectNode().put("op", "parameterValues");
    op.set("parameters", params);
    if (id != null) {
      op.put("id", id);
    }
    channel.send(op);
  }
}
