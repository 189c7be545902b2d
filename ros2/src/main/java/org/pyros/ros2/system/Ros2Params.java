package org.pyros.ros2.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.ServiceType;

/**
 * GraphSystem's parameter calls on a ROS 2 graph, where parameters belong to nodes: a name
 * {@code /<node>/<param>} (the node's full name, then the parameter's, dots kept) is the Pyros
 * node's own ({@link Ros2NodeParameters}) or is asked of that node through its
 * {@code rcl_interfaces} services.
 */
final class Ros2Params {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  private final Ros2System system;
  private final Ros2NodeParameters own;
  private final ParameterValues values;

  Ros2Params(Ros2System system, Ros2NodeParameters own) {
    this.system = system;
    this.own = own;
    this.values = new ParameterValues(system.types().messageType("rcl_interfaces/msg/ParameterValue"));
  }

  /** A parameter name split into its node and the parameter's own name. */
  record ParamName(String node, String param) {
    static ParamName of(String name) {
      int slash = name.lastIndexOf('/');
      if (!name.startsWith("/") || slash <= 0 || slash == name.length() - 1) {
        throw new PyrosException(ErrorCode.NOT_FOUND, "'" + name + "' names no ROS 2 parameter: it is /<node>/<param>, "
            + "e.g. /camera/exposure.time");
      }
      return new ParamName(name.substring(0, slash), name.substring(slash + 1));
    }
  }

  CompletionStage<Optional<Object>> get(String name) {
    ParamName p = ParamName.of(name);
    if (p.node().equals(own.node())) {
      return CompletableFuture.completedFuture(own.get(p.param()));
    }
    return call(p.node(), "get_parameters", "GetParameters", Map.of("names", List.of(p.param())))
        .thenApply(reply -> ParameterValues.fromMessage(reply.<Message>getList("values").get(0)));
  }

  CompletionStage<Done> set(String name, Object value) {
    ParamName p = ParamName.of(name);
    if (p.node().equals(own.node())) {
      own.set(p.param(), value);
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return setRemote(p, values.toMessage(value));
  }

  CompletionStage<Done> delete(String name) {
    ParamName p = ParamName.of(name);
    if (p.node().equals(own.node())) {
      own.delete(p.param());
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    // ROS 2 deletes by setting a parameter to NOT_SET (an rclcpp node that allows undeclaring).
    return setRemote(p, values.toMessage(null));
  }

  private CompletionStage<Done> setRemote(ParamName p, Message value) {
    ServiceType t = system.types().serviceType("rcl_interfaces/srv/SetParameters");
    Message parameter = Message.of(system.types().messageType("rcl_interfaces/msg/Parameter"),
        Map.of("name", p.param(), "value", value));
    return call(p.node(), "set_parameters", "SetParameters", Map.of("parameters", List.of(parameter))).thenApply(reply -> {
      Message result = reply.<Message>getList("results").get(0);
      if (!result.getBool("successful")) {
        throw new PyrosException(ErrorCode.BAD_MESSAGE, p.node() + " refused " + p.param() + ": " + result.getString("reason"));
      }
      return Done.getInstance();
    });
  }

  /** Ours, and those of every node of the graph that serves list_parameters (a node that does not answer is left out). */
  CompletionStage<List<String>> names() {
    List<String> ours = own.names().stream().map(n -> own.node() + "/" + n).toList();
    List<CompletableFuture<List<String>>> asked = new ArrayList<>();
    for (NodeInfo n : system.snapshotNow().nodes().values()) {
      if (!n.name().equals(own.node()) && n.services().contains(n.name() + "/list_parameters")) {
        asked.add(call(n.name(), "list_parameters", "ListParameters", Map.of("prefixes", List.of(), "depth", 0L))
            .thenApply(reply -> reply.getMessage("result").<String>getList("names").stream()
                .map(param -> n.name() + "/" + param).toList())
            .exceptionally(failure -> List.of())
            .toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(d -> {
      List<String> all = new ArrayList<>(ours);
      asked.forEach(f -> all.addAll(f.join()));
      return all.stream().sorted().toList();
    });
  }

  private CompletionStage<Message> call(String node, String service, String type, Map<String, ?> request) {
    ServiceInfo info = new ServiceInfo(node + "/" + service, "rcl_interfaces/srv/" + type);
    ServiceType t = system.types().serviceType(info.type());
    return system.call(info, Message.of(t.request(), request), CALL_TIMEOUT);
  }
}
