package org.pyros.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.NameFilter;
import org.pyros.ros.system.RosSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that runs as a Pyros node in the ROS 1 graph, or with {@code --ros2} in a ROS 2 one. */
abstract class GraphCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Override
  public final Integer call() {
    validate();
    PyrosCli root = (PyrosCli) spec.root().userObject();
    if (root.ros2 != null && root.ros2.enabled) {
      if (!root.rosArguments.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "ROS arguments (name:=value) are for ROS 1, not with --ros2: "
            + String.join(" ", root.rosArguments));
      }
      if (!onRos2()) {
        throw new ParameterException(spec.commandLine(), spec.qualifiedName() + " is not available on ROS 2 yet (topics, services, nodes, echo, pub, call and param are)");
      }
      try (ExitGuard ros = ExitGuard.of(Ros2Connection.open(root.ros2, connection.graphWait(), latched(), qosByTopic()))) {
        return run(ros.connection());
      }
    }
    if (!qosByTopic().isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--qos is for ROS 2 topics (pyros --ros2 ...)");
    }
    RosSettings settings = RosConnection.settings(connection, root.rosArguments);
    try {
      resolveNames(settings.names()::resolve);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (this instanceof AnsweredByMaster query) {
      return query.runOnMaster(MasterConnection.open(settings.masterUri(), settings.nodeName()), settings.nodeName());
    }
    try (ExitGuard ros = ExitGuard.of(RosConnection.open(settings, connection.graphWait(), latched()))) {
      return run(ros.connection());
    }
  }

  /** Checks the arguments before connecting; throws a ParameterException (exit code 2). */
  void validate() {}

  /**
   * Replaces the graph names among the command's arguments by the global names they stand for
   * in this node (its namespace, private names, remappings), as rostopic and rosservice do; an
   * illegal name throws IllegalArgumentException. ROS 1 only; none by default.
   */
  void resolveNames(UnaryOperator<String> resolve) {}

  /** The command's work; returns the exit code. */
  abstract int run(GraphConnection ros);

  /** True for the commands that run on ROS 2 too. */
  boolean onRos2() {
    return false;
  }

  /** QoS profiles by topic the command asked for (ROS 2 only); none by default. */
  java.util.Map<String, String> qosByTopic() {
    return java.util.Map.of();
  }

  /** Topics this command publishes latched; none by default. */
  NameFilter latched() {
    return NameFilter.NONE;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Prints a line at once (output may be piped into another program while we run). */
  void print(String line) {
    PrintWriter out = out();
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** Parses a JSON argument; malformed JSON is a usage error (exit code 2). */
  JsonNode jsonArgument(String what, String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new ParameterException(spec.commandLine(), what + " is empty; give JSON, e.g. '{}'");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ParameterException(spec.commandLine(), what + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * "unknown KIND TYPE: why", said once: the system's own text often names the type already, and
   * is then the message as it stands.
   */
  static CliFailure unknownType(String kind, String typeName, PyrosException e) {
    String why = String.valueOf(e.getMessage());
    return new CliFailure(why.contains(typeName) ? why : "unknown " + kind + " " + typeName + ": " + why, e);
  }

  /** A failure worded for the command line when the node answered {@code code}, else the failure itself. */
  static RuntimeException explain(PyrosException e, ErrorCode code, String message) {
    return e.code() == code ? new CliFailure(message + ": " + e.getMessage(), e) : e;
  }
}
