package org.pyros.ros2.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.util.ByteString;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros2.msg.Ros2Types;

/**
 * The parameters of the Pyros ROS 2 node, as an rclcpp node keeps its own: reached by any ROS 2
 * tool through the node's {@code rcl_interfaces} services ({@code get_parameters},
 * {@code set_parameters}, {@code list_parameters}, {@code describe_parameters},
 * {@code get_parameter_types}), and every change told on {@code /parameter_events}. Names are
 * ROS 2's (dots separate their parts). Any parameter may be set (undeclared parameters allowed,
 * with dynamic typing); a value of type NOT_SET deletes it.
 */
final class Ros2NodeParameters implements AutoCloseable {
  static final String EVENTS_TOPIC = "/parameter_events";
  private static final Duration START = Duration.ofSeconds(10);

  private final String node;
  private final ParameterValues values;
  private final MessageType parameter;
  private final MessageType event;
  private final MessageType time;
  private final MessageType setResult;
  private final MessageType listResult;
  private final MessageType descriptor;
  private final Map<String, Object> store = new ConcurrentSkipListMap<>();
  private final List<Registration> served = new ArrayList<>();
  private TopicPublisher events;

  private Ros2NodeParameters(String node, Ros2Types types) {
    this.node = node;
    this.values = new ParameterValues(types.messageType("rcl_interfaces/msg/ParameterValue"));
    this.parameter = types.messageType("rcl_interfaces/msg/Parameter");
    this.event = types.messageType("rcl_interfaces/msg/ParameterEvent");
    this.time = types.messageType("builtin_interfaces/msg/Time");
    this.setResult = types.messageType("rcl_interfaces/msg/SetParametersResult");
    this.listResult = types.messageType("rcl_interfaces/msg/ListParametersResult");
    this.descriptor = types.messageType("rcl_interfaces/msg/ParameterDescriptor");
  }

  /** Serves node {@code node}'s parameter services on {@code system} and advertises its events. */
  static Ros2NodeParameters start(Ros2System system, String node) {
    Ros2NodeParameters p = new Ros2NodeParameters(node, system.types());
    try {
      p.serve(system, "get_parameters", "GetParameters", p::getParameters);
      p.serve(system, "set_parameters", "SetParameters", p::setParameters);
      p.serve(system, "list_parameters", "ListParameters", p::listParameters);
      p.serve(system, "describe_parameters", "DescribeParameters", p::describeParameters);
      p.serve(system, "get_parameter_types", "GetParameterTypes", p::getParameterTypes);
      p.events = await(system.advertise(new TopicInfo(EVENTS_TOPIC, "rcl_interfaces/msg/ParameterEvent"),
          PublishOptions.DEFAULT.withQosProfile("parameter-events")));
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** Serves {@code <node>/<service>}; {@code answer} gives the fields of the response. */
  private void serve(Ros2System system, String service, String type, Function<Message, Map<String, ?>> answer) {
    ServiceInfo info = new ServiceInfo(node + "/" + service, "rcl_interfaces/srv/" + type);
    MessageType response = system.types().serviceType(info.type()).response();
    served.add(await(system.serve(info, request -> {
      try {
        return CompletableFuture.completedFuture(Message.of(response, answer.apply(request)));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    })));
  }

  String node() {
    return node;
  }

  Optional<Object> get(String name) {
    return Optional.ofNullable(store.get(name));
  }

  List<String> names() {
    return List.copyOf(store.keySet());
  }

  /** Sets a parameter (checked to be a ROS 2 parameter value) and tells /parameter_events. */
  void set(String name, Object value) {
    checkName(name);
    Message v = values.toMessage(value);
    Object before = store.put(name, ParameterValues.fromMessage(v).orElseThrow());
    publish(before == null ? List.of(param(name, v)) : List.of(), before == null ? List.of() : List.of(param(name, v)),
        List.of());
  }

  /** Deletes a parameter; false when there was none. */
  boolean delete(String name) {
    Object before = store.remove(name);
    if (before != null) {
      publish(List.of(), List.of(), List.of(param(name, values.toMessage(before))));
    }
    return before != null;
  }

  private static void checkName(String name) {
    if (name.isEmpty() || name.contains("/") || name.startsWith(".") || name.endsWith(".")) {
      throw new PyrosException(org.pyros.core.error.ErrorCode.BAD_MESSAGE, "'" + name + "' is not a ROS 2 parameter "
          + "name (parts separated by dots, no slashes)");
    }
  }

  private Message param(String name, Message value) {
    return Message.builder(parameter).set("name", name).set("value", value).build();
  }

  private void publish(List<Message> added, List<Message> changed, List<Message> deleted) {
    Instant now = Instant.now();
    Message stamp = Message.builder(time).set("sec", (int) now.getEpochSecond()).set("nanosec", now.getNano()).build();
    events.publish(Message.builder(event).set("stamp", stamp).set("node", node).set("new_parameters", added)
        .set("changed_parameters", changed).set("deleted_parameters", deleted).build());
  }

  // ---- the rcl_interfaces services

  private Map<String, ?> getParameters(Message request) {
    List<Message> out = new ArrayList<>();
    for (String name : request.<String>getList("names")) {
      out.add(values.toMessage(store.get(name)));
    }
    return Map.of("values", out);
  }

  private Map<String, ?> setParameters(Message request) {
    List<Message> results = new ArrayList<>();
    for (Message p : request.<Message>getList("parameters")) {
      String name = p.getString("name");
      try {
        Optional<Object> value = ParameterValues.fromMessage(p.getMessage("value"));
        if (value.isPresent()) {
          set(name, value.get());
        } else {
          delete(name);
        }
        results.add(Message.builder(setResult).set("successful", true).set("reason", "").build());
      } catch (PyrosException e) {
        results.add(Message.builder(setResult).set("successful", false).set("reason", e.getMessage()).build());
      }
    }
    return Map.of("results", results);
  }

  private Map<String, ?> listParameters(Message request) {
    List<String> prefixes = request.getList("prefixes");
    long depth = request.getLong("depth");
    TreeSet<String> names = new TreeSet<>();
    TreeSet<String> found = new TreeSet<>();
    for (String name : store.keySet()) {
      if (listed(name, prefixes, depth)) {
        names.add(name);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
          found.add(name.substring(0, dot));
        }
      }
    }
    Message result = Message.builder(listResult).set("names", List.copyOf(names)).set("prefixes", List.copyOf(found))
        .build();
    return Map.of("result", result);
  }

  /** As rclcpp lists: under one of the prefixes (all when none), at most {@code depth} parts below it (0: any). */
  private static boolean listed(String name, List<String> prefixes, long depth) {
    if (prefixes.isEmpty()) {
      return depth == 0 || name.chars().filter(c -> c == '.').count() < depth;
    }
    for (String prefix : prefixes) {
      if (name.equals(prefix)) {
        return true;
      }
      if (name.startsWith(prefix + ".")) {
        long below = name.substring(prefix.length() + 1).chars().filter(c -> c == '.').count();
        if (depth == 0 || below < depth) {
          return true;
        }
      }
    }
    return false;
  }

  private Map<String, ?> describeParameters(Message request) {
    List<Message> out = new ArrayList<>();
    for (String name : request.<String>getList("names")) {
      int type = ParameterValues.typeOf(values.toMessage(store.get(name)));
      out.add(Message.builder(descriptor).set("name", name).set("type", type).set("dynamic_typing", true).build());
    }
    return Map.of("descriptors", out);
  }

  private Map<String, ?> getParameterTypes(Message request) {
    List<String> names = request.getList("names");
    byte[] types = new byte[names.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = (byte) ParameterValues.typeOf(values.toMessage(store.get(names.get(i))));
    }
    return Map.of("types", ByteString.fromArray(types));
  }

  @Override
  public void close() {
    served.forEach(Registration::cancel);
    if (events != null) {
      events.cancel();
    }
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(START.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the node's parameter services did not start within " + START, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
