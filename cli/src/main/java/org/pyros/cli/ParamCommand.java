package org.pyros.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pyros param get NAME | set NAME JSON | list}: the parameter server, values as JSON. */
@Command(name = "param", mixinStandardHelpOptions = true,
    description = "Read and write the parameter server; values are JSON.",
    subcommands = {ParamCommand.Get.class, ParamCommand.Set.class, ParamCommand.ListNames.class})
final class ParamCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: get, set or list");
  }

  /** {@code pyros param get NAME}: prints the value (a namespace gives an object). */
  @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a parameter's value as JSON.")
  static final class Get extends GraphCommand implements AnsweredByMaster {
    @Parameters(index = "0", paramLabel = "NAME", description = "Parameter name, e.g. /robot/rate.")
    String name;

    @Override
    boolean onRos2() {
      return true;
    }

    @Override
    void resolveNames(java.util.function.UnaryOperator<String> resolve) {
      name = resolve.apply(name);
    }

    @Override
    int run(GraphConnection connection) {
      // ROS 2 (ROS 1's master answers in runOnMaster): a parameter is asked of its node, which
      // discovery finds a moment after start.
      Optional<Object> value = connection.poll(() -> connection.client().param(name), v -> true);
      return print(value);
    }

    @Override
    public int runOnMaster(MasterConnection master, String callerId) {
      return print(master.param(name));
    }

    private int print(Optional<Object> value) {
      if (value.isEmpty()) {
        throw new CliFailure("param " + name + " is not set");
      }
      try {
        print(JSON.writeValueAsString(value.get()));
      } catch (JsonProcessingException e) {
        throw new CliFailure("cannot print the value of " + name + " as JSON: " + e.getOriginalMessage(), e);
      }
      return 0;
    }
  }

  /** {@code pyros param set NAME JSON}: sets a value (an object sets a namespace). */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set a parameter to a JSON value: number, string, boolean, array, or an object for a namespace.")
  static final class Set extends GraphCommand implements AnsweredByMaster {
    @Parameters(index = "0", paramLabel = "NAME", description = "Parameter name, e.g. /robot/rate.")
    String name;

    @Parameters(index = "1", paramLabel = "JSON", description = "The value, e.g. 12.5, '\"text\"' or '{\"a\": 1}'.")
    String json;

    private Object value;

    @Override
    void validate() {
      try {
        value = paramValue(jsonArgument("JSON", json));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "JSON: " + e.getMessage());
      }
    }

    @Override
    boolean onRos2() {
      return true;
    }

    @Override
    void resolveNames(java.util.function.UnaryOperator<String> resolve) {
      name = resolve.apply(name);
    }

    @Override
    int run(GraphConnection connection) {
      try {
        connection.poll(() -> connection.client().setParam(name, value), d -> true); // ROS 2, as in get
      } catch (PyrosException e) {
        throw explain(e, ErrorCode.BAD_MESSAGE, "cannot set " + name);
      }
      return 0;
    }

    @Override
    public int runOnMaster(MasterConnection master, String callerId) {
      try {
        GraphConnection.await(master.client().setParam(name, value));
      } catch (PyrosException e) {
        throw explain(e, ErrorCode.BAD_MESSAGE, "cannot set " + name);
      }
      return 0;
    }
  }

  /** {@code pyros param list}: every parameter name, sorted. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the parameter names.")
  static final class ListNames extends GraphCommand implements AnsweredByMaster {
    @Override
    boolean onRos2() {
      return true;
    }

    @Override
    int run(GraphConnection connection) {
      // ROS 2: the names of the nodes discovery found (graphServices waits for it).
      connection.graphServices();
      List<String> names = connection.poll(() -> connection.client().params(), seen -> true);
      names.stream().sorted().forEach(this::print);
      return 0;
    }

    @Override
    public int runOnMaster(MasterConnection master, String callerId) {
      GraphConnection.await(master.client().getParamNames()).stream().sorted().forEach(this::print);
      return 0;
    }
  }

  /** A JSON value as a parameter (XML-RPC) value; null and integers beyond 64 bits have none. */
  static Object paramValue(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), paramValue(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(v -> list.add(paramValue(v)));
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      if (node.canConvertToInt()) {
        return node.intValue();
      }
      if (node.canConvertToLong()) {
        return node.longValue();
      }
      throw new IllegalArgumentException("integer " + node + " does not fit in 64 bits");
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    throw new IllegalArgumentException("a parameter cannot be " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
  }
}
