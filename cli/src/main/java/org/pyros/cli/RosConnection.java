package org.pyros.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.pyros.core.PyrosRuntime;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.NodeInfo;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.master.SystemState;
import org.pyros.ros.master.TopicAndType;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.system.RosArguments;
import org.pyros.ros.system.RosSettings;
import picocli.CommandLine.ParameterException;
import org.pyros.ros.system.RosSystem;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcLimits;

/**
 * One short-lived Pyros node for a ROS 1 command: an actor system, a {@link RosSystem} registered
 * with the master as {@code /pyros_cli_<pid>_<n>}, a node exposing everything and a client. The master is asked directly first, so an unreachable master is a
 * clear failure instead of a node waiting for it.
 */
final class RosConnection extends GraphConnection {
  private static final Duration MASTER_CHECK = Duration.ofSeconds(3);
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final RosSystem ros;
  private final MasterClient master;

  private RosConnection(PyrosRuntime runtime, MasterClient master, Duration graphWait) {
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
      base = RosSettings.fromConfig(ConfigFactory.load("pyros-cli"));
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

  /** Opens a node with {@code settings}; {@code latched} are the topics it publishes latched. */
  static RosConnection open(RosSettings resolved, Duration graphWait, NameFilter latched) {
    URI uri = resolved.masterUri();
    String nodeName = resolved.nodeName();
    MasterClient master = new MasterClient(uri, nodeName, new XmlRpcClient(MASTER_CHECK, MASTER_CHECK, XmlRpcLimits.DEFAULT));
    try {
      master.getUri().toCompletableFuture().get(MASTER_CHECK.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable why = e instanceof ExecutionException ? e.getCause() : e;
      throw new CliFailure("cannot reach the ROS master at " + uri + " (" + reason(why)
          + "); start one with 'pyros master' or set ROS_MASTER_URI / --master", why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted", e);
    }

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
    Map<String, NodeInfo> nodes = new TreeMap<>(await(master.getSystemState()).nodes());
    nodes.remove(ros.settings().nodeName());
    return nodes;
  }

  @Override
  String where() {
    return "the ROS master at " + master.masterUri();
  }

  @Override
  RosConnection ros1(String command) {
    return this;
  }

  RosSystem ros() {
    return ros;
  }

  MasterClient master() {
    return master;
  }

  /** The graph as the master sees it now (the node learns it by polling, a little later). */
  MasterGraph masterGraph() {
    SystemState state = await(master.getSystemState());
    List<TopicAndType> types = await(master.getTopicTypes());
    List<String> params = await(master.getParamNames());
    // The master keeps the types of topics nobody uses any more: only live topics count.
    Set<String> live = new HashSet<>(state.publishers().keySet());
    live.addAll(state.subscribers().keySet());
    Map<String, String> topics = new HashMap<>();
    for (TopicAndType t : types) {
      if (live.contains(t.topic()) && !t.type().equals("*")) {
        topics.put(t.topic(), t.type());
      }
    }
    return new MasterGraph(topics, state.services().keySet(), Set.copyOf(params));
  }

  /** What the master knows, to wait for the node to know it too. */
  record MasterGraph(Map<String, String> topics, Set<String> services, Set<String> params) {}

  /** Why the master did not answer, in words: the HTTP client's exceptions often have no message. */
  private static String reason(Throwable e) {
    String first = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException) {
        return "connection refused";
      }
      if (t instanceof java.net.http.HttpTimeoutException || t instanceof TimeoutException) {
        return "no answer within " + MASTER_CHECK.toSeconds() + " s";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (first == null && t.getMessage() != null && !t.getMessage().isBlank()) {
        first = t.getMessage();
      }
    }
    return PyrosCli.oneLine(first != null ? first : e.getClass().getSimpleName());
  }
}
