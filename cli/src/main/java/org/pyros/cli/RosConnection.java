package org.pyros.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.NodeInfo;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.system.RosArguments;
import org.pyros.ros.system.RosSettings;
import picocli.CommandLine.ParameterException;
import org.pyros.ros.system.RosSystem;

/**
 * One short-lived Pyros node for a ROS 1 command: an actor system, a {@link RosSystem} registered
 * with the master as {@code /pyros_cli_<pid>_<n>}, a node exposing everything and a client. The master is asked directly first, so an unreachable master is a
 * clear failure instead of a node waiting for it.
 */
final class RosConnection extends GraphConnection {
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final RosSystem ros;
  private final MasterConnection master;

  private RosConnection(PyrosRuntime runtime, MasterConnection master, Duration graphWait) {
    super(runtime, graphWait);
    this.ros = (RosSystem) runtime.system();
    this.master = master;
  }

  /**
   * The node's settings: {@code pyros.ros} of the CLI's configuration, named {@code
   * pyros_cli_<pid>_<n>} in ROS_NAMESPACE, the master of {@code options}, then the ROS arguments
   * ({@code __name}, {@code __ns}, {@code __master}, {@code __ip}, {@code __hostname}, remappings).
   * Malformed arguments are a usage error.
   */
  static RosSettings settings(ConnectionOptions options, List<String> rosArguments) {
    RosArguments args;
    RosSettings base;
    try {
      args = RosArguments.parse(rosArguments);
      base = RosSettings.fromConfig(rosConfig());
    } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
      throw new ParameterException(options.spec.commandLine(), PyrosCli.oneLine(e.getMessage()));
    }
    if (options.master != null && args.special("master").isPresent()) {
      throw new ParameterException(options.spec.commandLine(), "give the master once: --master or __master:=");
    }
    String ns = base.namespace();
    String nodeName = (ns.equals("/") ? "" : ns) + "/pyros_cli_" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
    URI uri = args.special("master").isPresent() ? URI.create(args.special("master").get()) : options.masterUri();
    return new RosSettings(nodeName, uri, base.hostname(), base.bindAddress(), base.xmlrpcPort(),
        base.tcprosPort(), base.graphPollInterval(), base.masterTimeout(), base.shutdownOnRequest(), base.remappings())
        .withArguments(args);
  }

  /**
   * What {@code ConfigFactory.load("pyros-cli")} holds of {@code pyros.ros}: system properties
   * over the CLI's settings over the ROS system's defaults, without parsing every module's
   * reference.conf (a tenth of a second a command otherwise spends before its first call).
   */
  static Config rosConfig() {
    return ConfigFactory.defaultOverrides()
        .withFallback(ConfigFactory.parseResourcesAnySyntax("pyros-cli"))
        .withFallback(ConfigFactory.parseResources("pyros-ros.conf"))
        .resolve();
  }

  /** Opens a node with {@code settings}; {@code latched} are the topics it publishes latched. */
  static RosConnection open(RosSettings resolved, Duration graphWait, NameFilter latched) {
    URI uri = resolved.masterUri();
    String nodeName = resolved.nodeName();
    MasterConnection master = MasterConnection.open(uri, nodeName);
    Config config = ConfigFactory.load("pyros-cli");
    // The command has resolved and remapped its own names already; remapping them again in the
    // node would apply a chain of remappings (a:=b b:=c) that ROS applies once.
    RosSettings settings = new RosSettings(nodeName, uri, resolved.hostname(), resolved.bindAddress(),
        resolved.xmlrpcPort(), resolved.tcprosPort(), resolved.graphPollInterval(), resolved.masterTimeout(),
        resolved.shutdownOnRequest());
    MessageTypes types = MessageTypes.fromEnvironment();
    return new RosConnection(start(config, actors -> RosSystem.start(actors, settings, types), latched, graphWait),
        master, graphWait);
  }

  @Override
  Map<String, String> graphTopics() {
    return masterGraph().topics();
  }

  @Override
  Set<String> graphServices() {
    return masterGraph().services();
  }

  @Override
  Map<String, NodeInfo> graphNodes() {
    Map<String, NodeInfo> nodes = master.nodes();
    nodes.remove(ros.settings().nodeName());
    return nodes;
  }

  @Override
  String where() {
    return master.where();
  }

  @Override
  RosConnection ros1(String command) {
    return this;
  }

  RosSystem ros() {
    return ros;
  }

  MasterClient master() {
    return master.client();
  }

  /** The graph as the master sees it now (the node learns it by polling, a little later). */
  MasterConnection.MasterGraph masterGraph() {
    return master.graph();
  }
}
